using System.Text.Json;
using System.Text.Json.Serialization;
using DiracX.Core.Serialization;

namespace DiracX.Core.Tests.Serialization;

public class ResultRowConverterTests
{
    private static JsonSerializerOptions Options(bool rows)
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = null, DictionaryKeyPolicy = null };
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new UtcTimestampConverter());
        if (rows)
        {
            options.Converters.Add(new ResultRowConverter());
        }
        return options;
    }

    private static OrderedDictionary<string, object?> Row() => new(StringComparer.Ordinal)
    {
        ["JobID"] = 42L,
        ["Status"] = "Running",
        ["Site"] = null,
        ["UserPriority"] = 3,
        ["RescheduleCounter"] = (short)1,
        ["VerifiedFlag"] = true,
        ["CPU"] = 1.5,
        ["SubmissionTime"] = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1_234_560),
        ["LastUpdateTime"] = new DateTimeOffset(2024, 1, 2, 5, 4, 5, TimeSpan.FromHours(2)),
        ["JobName"] = "quote \" and <tag> and é",
        ["Kind"] = DayOfWeek.Monday,
        ["count"] = 7L,
    };

    [Fact]
    public void Rows_are_written_exactly_as_the_serializer_writes_them_value_by_value()
    {
        var direct = JsonSerializer.Serialize(new[] { Row() }, Options(rows: true));
        var generic = JsonSerializer.Serialize(new[] { Row() }, Options(rows: false));
        Assert.Equal(generic, direct);
        Assert.Contains("\"SubmissionTime\":\"2024-01-02T03:04:05.123456Z\"", direct, StringComparison.Ordinal);
        Assert.Contains("\"LastUpdateTime\":\"2024-01-02T03:04:05Z\"", direct, StringComparison.Ordinal);
        Assert.Contains("\"Kind\":\"Monday\"", direct, StringComparison.Ordinal);
    }

    [Fact]
    public void Column_order_is_kept()
    {
        var json = JsonSerializer.Serialize(Row(), Options(rows: true));
        var names = JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(Row().Keys, names);
    }

    [Fact]
    public void A_row_reads_back_with_its_names_and_nulls()
    {
        var row = JsonSerializer.Deserialize<OrderedDictionary<string, object?>>("{\"JobID\":1,\"Site\":null}", Options(rows: true))!;
        Assert.Equal(["JobID", "Site"], row.Keys);
        Assert.Equal(1, ((JsonElement)row["JobID"]!).GetInt64());
        Assert.Null(row["Site"]);
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.999999Z")]
    [InlineData("2026-12-07T04:00:00.000010Z")]
    public void Timestamps_round_trip_at_the_edges_of_the_range(string text)
    {
        var value = DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(text, UtcTimestampConverter.Format(value));
    }
}
