using System.Text.Json;
using DiracX.Core.Models;
using DiracX.Core.Serialization;

namespace DiracX.Core.Tests.Serialization;

public class UtcTimestampConverterTests
{
    private static readonly DateTimeOffset s_second = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Theory]
    [InlineData(0, "2024-01-02T03:04:05Z")]
    [InlineData(123456, "2024-01-02T03:04:05.123456Z")]
    [InlineData(120000, "2024-01-02T03:04:05.120000Z")]
    [InlineData(1, "2024-01-02T03:04:05.000001Z")]
    public void Microseconds_are_six_digits_when_non_zero_and_absent_when_zero(int micros, string expected)
    {
        var value = s_second.AddTicks(micros * 10L);
        Assert.Equal(expected, UtcTimestampConverter.Format(value));
        Assert.Equal($"\"{expected}\"", JsonSerializer.Serialize(value, Options()));
    }

    [Fact]
    public void An_offset_is_written_as_the_same_instant_in_UTC() =>
        Assert.Equal("2024-01-02T03:04:05.500000Z", UtcTimestampConverter.Format(new DateTimeOffset(2024, 1, 2, 5, 4, 5, 500, TimeSpan.FromHours(2))));

    [Fact]
    public void Sub_microsecond_ticks_are_dropped() =>
        Assert.Equal("2024-01-02T03:04:05Z", UtcTimestampConverter.Format(s_second.AddTicks(9)));

    [Fact]
    public void Reading_accepts_any_offset_and_returns_UTC()
    {
        var read = JsonSerializer.Deserialize<DateTimeOffset>("\"2024-01-02T05:04:05.12+02:00\"", Options());
        Assert.Equal(TimeSpan.Zero, read.Offset);
        Assert.Equal(s_second.AddTicks(1_200_000), read);
    }

    [Fact]
    public void Status_models_use_the_same_format()
    {
        var change = new JobStatusChange { HeartBeatTime = s_second.AddTicks(1_200_000), LastUpdateTime = s_second };
        var json = JsonSerializer.Serialize(change);
        Assert.Contains("\"HeartBeatTime\":\"2024-01-02T03:04:05.120000Z\"", json, StringComparison.Ordinal);
        Assert.Contains("\"LastUpdateTime\":\"2024-01-02T03:04:05Z\"", json, StringComparison.Ordinal);
        Assert.Contains("\"StartExecTime\":null", json, StringComparison.Ordinal);
    }

    private static JsonSerializerOptions Options() => new() { Converters = { new UtcTimestampConverter() } };
}
