using DiracX.Core.Models;
using DiracX.Logic.Jobs;

namespace DiracX.Logic.Tests.Status;

public class StatusPlannerTests
{
    private static readonly DateTimeOffset s_t0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset s_now = new(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static StatusReport At(int seconds, JobStatus? status = null, string? minor = null, string? application = null,
        string source = "Unknown") =>
        new(s_t0.AddSeconds(seconds), new JobStatusUpdate { Status = status, MinorStatus = minor, ApplicationStatus = application, Source = source });

    private static StatusPlan Plan(string status, IReadOnlyList<StatusReport> reports, bool force = false, int? lastRecord = 0,
        DateTimeOffset? start = null, DateTimeOffset? end = null) =>
        StatusPlanner.Plan(new StatusBefore(1, status, start, end, lastRecord is { } l ? s_t0.AddSeconds(l) : null), reports, force, s_now);

    [Fact]
    public void A_refused_transition_keeps_the_status_and_marks_the_source()
    {
        var plan = Plan("Received", [At(10, JobStatus.Running, "JobPath", source: "JobAgent")]);
        Assert.Equal(JobStatus.Received, plan.Change.Status);
        Assert.Equal("JobPath", plan.Change.MinorStatus);
        Assert.Equal(s_now, plan.Change.LastUpdateTime);
        var record = Assert.Single(plan.Records);
        Assert.Equal(("Received", "JobAgent(SM)", "idem"), (record.Status, record.Source, record.ApplicationStatus));
        // The requested Running still sets StartExecTime, as DIRAC's getStartAndEndTime reads the request.
        Assert.Equal(s_t0.AddSeconds(10), plan.Change.StartExecTime);
    }

    [Fact]
    public void Force_skips_the_machine()
    {
        var plan = Plan("Received", [At(10, JobStatus.Running)], force: true);
        Assert.Equal(JobStatus.Running, plan.Change.Status);
        Assert.Equal("Unknown", Assert.Single(plan.Records).Source);
    }

    [Fact]
    public void Reports_walk_the_machine_in_time_order_and_the_last_values_win()
    {
        var plan = Plan("Received", [At(30, JobStatus.Waiting, application: "app"), At(20, JobStatus.Checking, "checking")]);
        Assert.Equal(JobStatus.Waiting, plan.Change.Status);
        Assert.Equal("checking", plan.Change.MinorStatus);
        Assert.Equal("app", plan.Change.ApplicationStatus);
        Assert.Equal(["Checking", "Waiting"], plan.Records.Select(r => r.Status));
        Assert.Equal(["checking", "idem"], plan.Records.Select(r => r.MinorStatus));
        Assert.False(plan.KillsJob);
    }

    [Fact]
    public void Reports_older_than_the_history_are_only_logged()
    {
        var plan = Plan("Waiting", [At(5, JobStatus.Killed, source: "JobWrapper")], lastRecord: 10);
        Assert.Null(plan.NewStatus);
        Assert.Null(plan.Change.Status);
        Assert.Null(plan.Change.LastUpdateTime);
        Assert.Equal(s_t0.AddSeconds(5), plan.Change.HeartBeatTime);
        Assert.Equal(s_t0.AddSeconds(5), plan.Change.EndExecTime);
        Assert.Equal("Killed", Assert.Single(plan.Records).Status);
    }

    [Fact]
    public void Killing_and_deleting_kill_the_job_and_set_the_end_time_once()
    {
        var killed = Plan("Running", [At(10, JobStatus.Killed)], end: null);
        Assert.True(killed.KillsJob);
        Assert.Equal(s_t0.AddSeconds(10), killed.Change.EndExecTime);
        var deleted = Plan("Killed", [At(10, JobStatus.Deleted)], end: s_t0);
        Assert.True(deleted.KillsJob);
        Assert.Null(deleted.Change.EndExecTime);
    }

    [Fact]
    public void Stalled_jobs_count_as_running_and_heartbeats_come_from_job_sources()
    {
        var plan = Plan("Stalled", [At(10, minor: "still alive", source: "Heartbeat"), At(11, minor: "x", source: "Operator")]);
        Assert.Equal(JobStatus.Running, plan.Change.Status);
        Assert.Equal(s_t0.AddSeconds(10), plan.Change.HeartBeatTime);
        Assert.Equal(["idem", "idem"], plan.Records.Select(r => r.Status));
    }

    [Fact]
    public void A_job_without_history_takes_any_report()
    {
        var plan = Plan("Received", [At(-1000, JobStatus.Checking)], lastRecord: null);
        Assert.Equal(JobStatus.Checking, plan.Change.Status);
    }
}
