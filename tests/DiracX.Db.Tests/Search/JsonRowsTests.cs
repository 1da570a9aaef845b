using System.Text;
using System.Text.Json;
using DiracX.Core.Models;
using DiracX.Core.Serialization;
using DiracX.Db.Search;
using Npgsql;

namespace DiracX.Db.Tests.Search;

/// <summary>
/// <see cref="SearchRowFormat.Json"/> writes rows straight from the reader; its bytes must be those of the value rows
/// serialised as the routers did before (the wire is unchanged), for every column type and awkward text.
/// </summary>
public class JsonRowsTests(SearchDatabase db) : IClassFixture<SearchDatabase>
{
    private static readonly JsonSerializerOptions s_rowOptions = new() { Converters = { new ResultRowConverter() } };

    private static string Serialized(SearchPage page) => JsonSerializer.Serialize(page.Rows, s_rowOptions);

    private static string Written(SearchPage page) => Encoding.UTF8.GetString(page.Json!.Utf8);

    public static TheoryData<string> Requests => new()
    {
        "{}",
        """{"parameters": ["Score", "ItemID", "Flag"], "sort": [{"parameter": "Score", "direction": "desc"}]}""",
        """{"search": [{"parameter": "Status", "operator": "eq", "value": "Done"}]}""",
        """{"search": [{"parameter": "ItemID", "operator": "gt", "value": 1000}]}""",
        """{"parameters": ["Owner"], "distinct": true}""",
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Json_rows_are_the_serialised_value_rows(string requestJson)
    {
        var request = JsonSerializer.Deserialize<SearchParams>(requestJson)!;
        var values = await db.SearchAsync(request, SearchPaging.Create(1, 30));
        using var json = await db.SearchAsync(request, SearchPaging.Create(1, 30), format: SearchRowFormat.Json);

        Assert.NotNull(json.Json);
        Assert.Empty(json.Rows);
        Assert.Equal(values.Rows.Count, json.RowCount);
        Assert.Equal((values.Total, values.Kind, values.ContentRange), (json.Total, json.Kind, json.ContentRange));
        Assert.Equal(Serialized(values), Written(json));
    }

    [Fact]
    public async Task A_page_spanning_several_pooled_blocks_is_written_whole()
    {
        var values = await db.SearchAsync(new SearchParams(), SearchPaging.Create(1, 3000), table: SearchDatabase.Big);
        using var json = await db.SearchAsync(new SearchParams(), SearchPaging.Create(1, 3000), table: SearchDatabase.Big,
            format: SearchRowFormat.Json);

        Assert.False(json.Json!.Utf8.IsSingleSegment);
        Assert.Equal(3000, json.RowCount);
        Assert.Equal(Serialized(values), Written(json));
    }

    [Fact]
    public async Task Pseudo_parameters_keep_value_rows_for_the_caller_to_fill()
    {
        var page = await db.SearchAsync(new() { Parameters = ["ItemID", "LoggingInfo"] }, SearchPaging.Create(1, 2), format: SearchRowFormat.Json);

        Assert.Null(page.Json);
        Assert.Equal(2, page.Rows.Count);
    }

    [Fact]
    public async Task Every_column_type_and_awkward_text_is_written_as_the_serializer_writes_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await db.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var create = new NpgsqlCommand("""
            CREATE TABLE search_test."Kinds" ("ID" bigint PRIMARY KEY, "Small" smallint, "Int" integer, "Real" real,
                "Double" double precision, "Numeric" numeric(10, 3), "Flag" boolean, "Text" text, "At" timestamptz, "Naive" timestamp);
            INSERT INTO search_test."Kinds" VALUES
                (1, 7, -3, 1.5, 0.1, 12.340, true, 'quote " back \ <tag> & é 日本 😀 tab	', '2024-01-02 03:04:05.123456+00', '2024-01-02 03:04:05'),
                (2, NULL, NULL, NULL, 1e300, NULL, NULL, NULL, NULL, NULL),
                (3, -32768, 2147483647, -0.25, -2.5e-7, -0.001, false, '', '1970-01-01 00:00:00+00', '2038-01-19 03:14:07.5'),
                (4, 1, 1, 1, 1, 1, true, repeat('é"', 20000), NULL, NULL);
            """, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(ct);
        }
        var table = new SearchTable("search_test", "Kinds",
        [
            new("ID", "ID", SearchColumnType.WholeNumber), new("Small", "Small", SearchColumnType.WholeNumber),
            new("Int", "Int", SearchColumnType.WholeNumber), new("Real", "Real", SearchColumnType.RealNumber),
            new("Double", "Double", SearchColumnType.RealNumber), new("Numeric", "Numeric", SearchColumnType.RealNumber),
            new("Flag", "Flag", SearchColumnType.Boolean), new("Text", "Text", SearchColumnType.Text),
            new("At", "At", SearchColumnType.DateTime), new("Naive", "Naive", SearchColumnType.DateTime),
        ], primaryKey: "ID", rangeUnit: "kinds");
        var engine = new SearchEngine(table);

        var values = await engine.SearchAsync(connection, transaction, new SearchParams(), null, null, SearchRowFormat.Values, ct);
        using var json = await engine.SearchAsync(connection, transaction, new SearchParams(), null, null, SearchRowFormat.Json, ct);

        Assert.Equal(4, json.RowCount); // the last holds a value larger than a pooled segment
        Assert.Equal(Serialized(values), Written(json));
        Assert.Contains("\"At\":\"2024-01-02T03:04:05.123456Z\"", Written(json), StringComparison.Ordinal);
    }
}
