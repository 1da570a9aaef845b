using DiracX.Core.Errors;
using DiracX.Logic.Jobs;

namespace DiracX.Logic.Tests.Status;

public class StatusTimestampTests
{
    [Theory]
    [InlineData("2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00.0000000+00:00")]
    [InlineData("2024-01-01T00:00:00Z", "2024-01-01T00:00:00.0000000+00:00")]
    [InlineData("2024-01-01 01:30:00.123456+01:30", "2024-01-01T00:00:00.1234560+00:00")]
    [InlineData("2024-01-01T02:00:00.5-02:00", "2024-01-01T04:00:00.5000000+00:00")]
    [InlineData("1", "1970-01-01T00:00:01.0000000+00:00")]
    public void Aware_timestamps_are_read_in_UTC(string text, string expected)
    {
        var stamp = StatusTimestamps.Parse(text, 1);
        Assert.Equal(expected, stamp.Instant!.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2024-01-02T03:04:05.123400", "2024-01-02 03:04:05.123400")]
    [InlineData("2024-01-02 03:04:05", "2024-01-02 03:04:05")]
    [InlineData("2024-01-02", "2024-01-02 00:00:00")]
    public void Naive_timestamps_are_kept_with_their_Python_spelling(string text, string python)
    {
        var stamp = StatusTimestamps.Parse(text, 1);
        Assert.Null(stamp.Instant);
        Assert.Equal(python, stamp.PythonText);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2024-13-01T00:00:00Z")]
    [InlineData("2024-01-01T25:00:00Z")]
    public void Other_text_is_a_422(string text) =>
        Assert.Throws<RequestValidationException>(() => StatusTimestamps.Parse(text, 1));

    // The canonical form is read by a fast path; the same instant spelled with a space goes the general way.
    [Theory]
    [InlineData("2024-01-02T03:04:05Z")]
    [InlineData("2024-01-02T03:04:05.1Z")]
    [InlineData("2024-01-02T03:04:05.123456Z")]
    [InlineData("2024-02-29T23:59:59.999999+00:00")]
    [InlineData("2024-01-01T00:30:00.5+01:00")]
    [InlineData("2023-12-31T23:00:00-05:30")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.999999Z")]
    [InlineData("2024-01-01T12:00:00+23:59")]
    [InlineData("2024-01-01T12:00:00-18:00")]
    public void The_fast_path_reads_what_the_general_path_reads(string canonical)
    {
        var fast = StatusTimestamps.Parse(canonical, 1);
        var general = StatusTimestamps.Parse(canonical.Replace('T', ' '), 1);
        Assert.Equal(general, fast);
        Assert.NotNull(fast.Instant);
        Assert.Equal(TimeSpan.Zero, fast.Instant!.Value.Offset);
    }

    [Theory]
    [InlineData("2023-02-29T00:00:00Z")]
    [InlineData("2024-01-01T23:60:00Z")]
    [InlineData("2024-01-01T00:00:60Z")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("9999-12-31T23:59:59-01:00")]
    [InlineData("2024-01-01T00:00:00+24:00")]
    [InlineData("99999999999999999999999")]
    [InlineData("-99999999999999999999999")]
    public void Impossible_dates_offsets_and_instants_are_a_422_not_a_failure(string text) =>
        Assert.Throws<RequestValidationException>(() => StatusTimestamps.Parse(text, 1));

    [Fact]
    public void A_naive_timestamp_is_refused_with_DiracXs_message()
    {
        var parsed = StatusUpdates.ParseTimestamps(new Dictionary<long, Dictionary<string, Core.Models.JobStatusUpdate>>
        {
            [7] = new() { ["2024-01-02 03:04:05.123400"] = new() },
        });
        var error = Assert.Throws<DiracException>(() => StatusUpdates.RequireTimeZones(parsed));
        Assert.Equal("Timestamp 2024-01-02 03:04:05.123400 is not timezone aware for job 7", error.Message);
        Assert.Equal(DiracErrorKind.BadRequest, error.Kind);
    }
    [Fact]
    public void Reports_at_the_same_instant_collapse_to_the_last_and_a_single_report_is_kept()
    {
        var parsed = StatusUpdates.ParseTimestamps(new Dictionary<long, Dictionary<string, Core.Models.JobStatusUpdate>>
        {
            [1] = new() { ["2024-01-02T03:04:05Z"] = new() { MinorStatus = "only" } },
            [2] = new()
            {
                ["2024-01-02T03:04:05Z"] = new() { MinorStatus = "first" },
                ["2024-01-02T04:04:05+01:00"] = new() { MinorStatus = "same instant, later key" },
                ["2024-01-02T03:04:06Z"] = new() { MinorStatus = "a second later" },
            },
        });
        var reports = StatusUpdates.RequireTimeZones(parsed);
        var single = Assert.Single(reports[1]);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), single.Time);
        Assert.Equal("only", single.Update.MinorStatus);
        Assert.Equal(["same instant, later key", "a second later"], reports[2].Select(r => r.Update.MinorStatus));
    }
}
