namespace DiracX.Tasks.Tests;

/// <summary>
/// Run-once with two real worker processes on one database (this assembly started with <c>--test-worker</c>): each
/// periodic slot runs once, a killed worker's slots and runs are taken over, a run whose worker dies mid-retry has one
/// final outcome, and a restarted worker reconciles the schedules. Deadlines are generous and only bound the polling.
/// </summary>
public sealed class TwoWorkerTests : IAsyncLifetime
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(2);
    private WorkerDatabase _db = null!;

    public async ValueTask InitializeAsync() => _db = await WorkerDatabase.CreateAsync();

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private WorkerProcess Start(string node, string variant = "v1") => _db.Start(node, variant);

    private string Outputs => _db.Outputs;

    private Task ExecuteAsync(string sql, params object[] parameters) => _db.ExecuteAsync(sql, parameters);

    private Task<List<object?[]>> QueryAsync(string sql, params object[] parameters) => _db.QueryAsync(sql, parameters);

    private Task<List<object?[]>> WaitForAsync(string what, string sql, Func<List<object?[]>, bool> condition, params object[] parameters) =>
        _db.WaitForAsync(what, sql, condition, parameters);

    private const string SucceededTicks = """
        SELECT scheduled_for, node FROM taskdb.task_runs WHERE task_name = 'test:Tick' AND state = 'Succeeded' ORDER BY scheduled_for
        """;

    [Fact]
    public async Task Each_periodic_slot_runs_exactly_once_across_two_workers()
    {
        Start("worker-a");
        await WaitForAsync("a first tick", SucceededTicks, r => r.Count >= 1);
        Start("worker-b");
        var ticks = await WaitForAsync("six ticks", SucceededTicks, r => r.Count >= 6);

        // Each slot has one run and that run was executed once; no slot was executed without a run, or twice.
        var perSlot = await QueryAsync("""
            SELECT r.scheduled_for, count(e.id) FROM taskdb.task_runs r LEFT JOIN public.test_executions e ON e.run_id = r.id
            WHERE r.task_name = 'test:Tick' AND r.state = 'Succeeded' GROUP BY r.id, r.scheduled_for
            """);
        Assert.True(perSlot.Count >= 6);
        Assert.All(perSlot, row => Assert.Equal(1L, row[1]));
        var executionsPerSlot = await QueryAsync("""
            SELECT scheduled_for, count(*) FROM public.test_executions WHERE task = 'test:Tick' GROUP BY scheduled_for HAVING count(*) > 1
            """);
        Assert.Empty(executionsPerSlot);
        var runsPerSlot = await QueryAsync("""
            SELECT scheduled_for, count(*) FROM taskdb.task_runs WHERE task_name = 'test:Tick' GROUP BY scheduled_for HAVING count(*) > 1
            """);
        Assert.Empty(runsPerSlot);
        Assert.All(_db.Workers, w => Assert.False(w.HasExited, Outputs));
        Assert.Equal(ticks.Count, ticks.Select(t => t[0]).Distinct().Count());
    }

    [Fact]
    public async Task When_one_worker_is_killed_the_other_takes_over_its_slots()
    {
        var a = Start("worker-a");
        await WaitForAsync("a first tick", SucceededTicks, r => r.Count >= 1);
        Start("worker-b");
        await WaitForAsync("three ticks", SucceededTicks, r => r.Count >= 3);

        await a.KillAsync();
        var killedAt = (DateTime)(await QueryAsync("SELECT now()"))[0][0]!;
        var lastBefore = (DateTime)(await QueryAsync(SucceededTicks)).Last()[0]!;

        // Four more slots after the kill, all run by the survivor.
        var after = await WaitForAsync("four slots after the kill", """
            SELECT scheduled_for, node, state FROM taskdb.task_runs WHERE task_name = 'test:Tick' AND scheduled_for > $1 ORDER BY scheduled_for
            """, r => r.Count(x => (string)x[2]! == "Succeeded" && (DateTime)x[0]! > killedAt) >= 4, lastBefore);
        var succeeded = after.Where(x => (string)x[2]! == "Succeeded").ToList();
        Assert.All(succeeded.Where(x => (DateTime)x[0]! > killedAt), x => Assert.Equal("worker-b", x[1]));
        // At most one slot is lost across the take-over: consecutive slots are at most two intervals apart.
        var slots = new List<DateTime> { lastBefore };
        slots.AddRange(succeeded.Select(x => (DateTime)x[0]!));
        for (var i = 1; i < slots.Count; i++)
        {
            Assert.True(slots[i] - slots[i - 1] <= 2 * s_interval + TimeSpan.FromMilliseconds(100),
                $"slots {slots[i - 1]:O} and {slots[i]:O} are more than one slot apart{Environment.NewLine}{Outputs}");
        }
        // Every run the killed worker held ends with one outcome (taken over after its lease).
        await WaitForAsync("no run left Running by the killed worker",
            "SELECT count(*) FROM taskdb.task_runs WHERE state = 'Running' AND node = 'worker-a'", r => (long)r[0][0]! == 0);
    }

    [Fact]
    public async Task A_worker_killed_in_the_middle_of_a_retried_task_leaves_one_final_outcome()
    {
        Start("worker-a");
        Start("worker-b");
        var id = (long)(await QueryAsync("""
            INSERT INTO taskdb.task_runs (task_name, args, args_version, priority, state, attempt, run_at, enqueued_at)
            VALUES ('test:Slow', 'null', 1, 1, 'Pending', 0, now(), now()) RETURNING id
            """))[0][0]!;

        var hanging = await WaitForAsync("the second attempt to start",
            "SELECT node FROM public.test_executions WHERE run_id = $1 AND outcome = 'hanging'", r => r.Count == 1, id);
        var victim = (string)hanging[0][0]!;
        await _db.Workers.Single(w => w.Node == victim).KillAsync();

        var final = await WaitForAsync("the run to finish",
            "SELECT state, attempt, node, error FROM taskdb.task_runs WHERE id = $1", r => r[0][0] is "Succeeded" or "Failed", id);
        Assert.Equal("Succeeded", final[0][0]);
        Assert.Equal(3, final[0][1]);
        var survivor = victim == "worker-a" ? "worker-b" : "worker-a";
        Assert.Equal(survivor, final[0][2]);
        var executions = await QueryAsync("SELECT attempt, node, outcome FROM public.test_executions WHERE run_id = $1 ORDER BY id", id);
        Assert.Equal(["1:failed", "2:hanging", "3:succeeded"], executions.Select(e => $"{e[0]}:{e[2]}"));
        Assert.Equal(survivor, executions[2][1]);
    }

    private async Task<Dictionary<string, (string Schedule, bool Paused)>> SchedulesAsync() =>
        (await QueryAsync("SELECT key, schedule, paused FROM taskdb.task_schedules")).ToDictionary(r => (string)r[0]!, r => ((string)r[1]!, (bool)r[2]!));

    private const string QuartzTriggers = """
        SELECT t.trigger_name, t.trigger_state, c.cron_expression FROM quartz.qrtz_triggers t
        LEFT JOIN quartz.qrtz_cron_triggers c ON c.sched_name = t.sched_name AND c.trigger_name = t.trigger_name AND c.trigger_group = t.trigger_group
        WHERE t.trigger_group = 'diracx'
        """;

    [Fact]
    public async Task A_restarted_worker_updates_a_changed_schedule_deletes_a_removed_tasks_and_keeps_a_pause()
    {
        var v1 = Start("worker-v1", "reconcile-v1");
        await WaitForAsync("the v1 schedules in Quartz", QuartzTriggers,
            r => r.Any(x => (string)x[0]! == WorkerTestModule.Removed) && r.Any(x => (string)x[0]! == WorkerTestModule.Paused));
        var before = await SchedulesAsync();
        Assert.Equal("cron:0 1 * * *", before[WorkerTestModule.Changing].Schedule);
        Assert.Contains(WorkerTestModule.Removed, before.Keys);
        // An operator pauses one (as POST /api/tasks/schedules/{key}/pause does); the worker applies it to Quartz.
        await ExecuteAsync("UPDATE taskdb.task_schedules SET paused = true WHERE key = $1", WorkerTestModule.Paused);
        await WaitForAsync("the pause in Quartz", QuartzTriggers,
            r => r.Any(x => (string)x[0]! == WorkerTestModule.Paused && (string)x[1]! == "PAUSED"));

        await v1.KillAsync();
        Start("worker-v2", "reconcile-v2");

        var triggers = await WaitForAsync("the v2 reconciliation in Quartz", QuartzTriggers,
            r => r.Any(x => (string)x[0]! == WorkerTestModule.Changing && (string?)x[2] == "0 30 2 * * ?")
                && r.All(x => (string)x[0]! != WorkerTestModule.Removed));
        var after = await SchedulesAsync();
        Assert.Equal("cron:30 2 * * *", after[WorkerTestModule.Changing].Schedule);
        Assert.DoesNotContain(WorkerTestModule.Removed, after.Keys);
        Assert.True(after[WorkerTestModule.Paused].Paused);
        Assert.Equal("PAUSED", triggers.Single(x => (string)x[0]! == WorkerTestModule.Paused)[1]);
        Assert.False(after[WorkerTestModule.Changing].Paused);
        Assert.Contains("auth:PruneAuthDb", after.Keys);
        Assert.Empty(await QueryAsync("SELECT job_name FROM quartz.qrtz_job_details WHERE job_name = $1", WorkerTestModule.Removed));
    }
}
