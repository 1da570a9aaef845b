using DiracX.Db.JobLogging;
using DiracX.Logic.Jobs;

namespace DiracX.Logic.Tests.Status;

public class StatusHistoryTests
{
    private static readonly DateTimeOffset s_t = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Idem_values_take_the_previous_ones_and_a_first_idem_application_status_is_Unknown()
    {
        var history = StatusHistory.Collapse(
        [
            new StoredLoggingRecord(1, "Received", "Job accepted", "idem", s_t, "JobManager"),
            new StoredLoggingRecord(1, "idem", "checking", "idem", s_t.AddSeconds(1), "Optimizer"),
            new StoredLoggingRecord(1, "Waiting", "idem", "app", s_t.AddSeconds(2), "Optimizer"),
            new StoredLoggingRecord(2, "Killed", "idem", "idem", s_t, "User"),
        ]);
        Assert.Equal(
            [("Received", "Job accepted", "Unknown"), ("Received", "checking", "Unknown"), ("Waiting", "checking", "app")],
            history[1].Select(e => (e.Status, e.MinorStatus, e.ApplicationStatus)));
        Assert.Equal(("Killed", "idem", "Unknown"), (history[2][0].Status, history[2][0].MinorStatus, history[2][0].ApplicationStatus));
    }

    [Fact]
    public void History_entries_serialise_with_DiracX_names_and_a_Z()
    {
        var entry = StatusHistory.Collapse([new StoredLoggingRecord(1, "Received", "m", "a", s_t.AddTicks(1_234_500), "s")])[1][0];
        Assert.Equal("""{"Status":"Received","MinorStatus":"m","ApplicationStatus":"a","StatusTime":"2024-01-01T00:00:00.123450Z","Source":"s"}""",
            System.Text.Json.JsonSerializer.Serialize(entry));
    }
}
