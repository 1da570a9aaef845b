using DiracX.Testing;

namespace DiracX.Tasks.Tests;

/// <summary>
/// Per-VO schedules follow the configuration repository without a restart: a worker process reading a git
/// configuration (polled every 5 s, schedules reconciled every 5 s) adds a VO's schedule when the VO is committed, runs
/// it, and deletes it when the VO is removed.
/// </summary>
public sealed class PerVoScheduleTests : IAsyncLifetime
{
    private const string NewVo = "newvo";
    private const string NewVoSchedule = $"{WorkerTestModule.PerVo}@{NewVo}";

    // A VO as the schema wants it, inserted at the top of the registry.
    private static readonly string s_withNewVo = TestConfigs.Default.Replace("Registry:\n", $$"""
        Registry:
          {{NewVo}}:
            IdP: {URL: {{TestConfigs.IdpUrl}}, ClientID: test-idp-newvo}
            DefaultGroup: newvo_user
            Users:
              0a6c7e52-1a7e-4b7e-9f43-2c5d5b3e8f10: {PreferedUsername: bob}
            Groups:
              newvo_user:
                Properties: [NormalUser]
                Users: [0a6c7e52-1a7e-4b7e-9f43-2c5d5b3e8f10]

        """, StringComparison.Ordinal);

    private WorkerDatabase _db = null!;
    private TestConfigRepository _config = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _db = await WorkerDatabase.CreateAsync();
        (_config, _) = await TestConfigRepository.CreateAsync(TestConfigs.Default, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync();
        _config.Dispose();
    }

    private const string Schedules = "SELECT key FROM taskdb.task_schedules WHERE task_name = $1";

    private const string QuartzJobs = "SELECT job_name FROM quartz.qrtz_job_details WHERE job_group = 'diracx' AND job_name LIKE $1";

    private const string VoRuns = "SELECT count(*) FROM public.test_executions WHERE task = $1 AND outcome = $2";

    private static bool Has(List<object?[]> rows, string key) => rows.Any(r => (string)r[0]! == key);

    [Fact]
    public async Task A_VO_added_to_the_configuration_gets_its_schedule_and_runs_and_a_removed_VO_loses_it_without_a_restart()
    {
        Assert.Contains("\n  newvo:\n", s_withNewVo, StringComparison.Ordinal);
        var worker = _db.Start("worker-a", "per-vo", new Dictionary<string, string> { ["DiracX__Config__BackendUrl"] = _config.Url });
        await _db.WaitForAsync("a run of lhcb's schedule", VoRuns, r => (long)r[0][0]! >= 1, WorkerTestModule.PerVo, "vo:lhcb");
        var before = await _db.QueryAsync(Schedules, WorkerTestModule.PerVo);
        Assert.True(Has(before, $"{WorkerTestModule.PerVo}@lhcb") && Has(before, $"{WorkerTestModule.PerVo}@gridpp"), _db.Outputs);
        Assert.False(Has(before, NewVoSchedule));

        await _config.CommitAsync(s_withNewVo, "Add a VO", Ct);

        await _db.WaitForAsync("the new VO's schedule", Schedules, r => Has(r, NewVoSchedule), WorkerTestModule.PerVo);
        await _db.WaitForAsync("the new VO's Quartz job", QuartzJobs, r => Has(r, NewVoSchedule), $"{WorkerTestModule.PerVo}@%");
        await _db.WaitForAsync("a run of the new VO's schedule", VoRuns, r => (long)r[0][0]! >= 1, WorkerTestModule.PerVo, $"vo:{NewVo}");

        await _config.CommitAsync(TestConfigs.Default, "Remove the VO", Ct);

        await _db.WaitForAsync("the removed VO's schedule to go", Schedules, r => !Has(r, NewVoSchedule), WorkerTestModule.PerVo);
        var jobs = await _db.WaitForAsync("the removed VO's Quartz job to go", QuartzJobs, r => !Has(r, NewVoSchedule), $"{WorkerTestModule.PerVo}@%");
        Assert.True(Has(jobs, $"{WorkerTestModule.PerVo}@lhcb"), _db.Outputs);
        Assert.False(worker.HasExited, _db.Outputs);
    }
}
