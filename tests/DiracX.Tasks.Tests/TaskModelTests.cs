using DiracX.Logic.Tasks;

namespace DiracX.Tasks.Tests;

public sealed class TaskModelTests
{
    [Theory]
    [InlineData("0 6 * * *", "0 0 6 * * ?")]
    [InlineData("*/5 * * * *", "0 */5 * * * ?")]
    [InlineData("30 2 * * 1-5", "0 30 2 ? * 2-6")]
    [InlineData("0 0 1 * *", "0 0 0 1 * ?")]
    [InlineData("0 12 * * 0,7", "0 0 12 ? * 1,1")]
    public void DiracX_5_field_cron_becomes_Quartz_cron_with_seconds(string diracx, string quartz) =>
        Assert.Equal(quartz, DiracXCron.ToQuartz(diracx));

    [Theory]
    [InlineData("0 0 6 * * ?")]
    [InlineData("* * * *")]
    [InlineData("0 6 1 * 1")]
    [InlineData("0 6 * * 8")]
    public void Anything_but_a_5_field_cron_Quartz_can_express_is_refused(string expression) =>
        Assert.Throws<FormatException>(() => DiracXCron.Validate(expression));

    [Fact]
    public void A_fixed_policy_retries_until_its_last_attempt()
    {
        var policy = RetryPolicy.Fixed(3, TimeSpan.FromSeconds(7));
        Assert.Equal(TimeSpan.FromSeconds(7), policy.DelayAfter(1, new Random(1)));
        Assert.Equal(TimeSpan.FromSeconds(7), policy.DelayAfter(2, new Random(1)));
        Assert.Null(policy.DelayAfter(3, new Random(1)));
        Assert.Null(RetryPolicy.None.DelayAfter(1, new Random(1)));
    }

    [Fact]
    public void An_exponential_policy_doubles_within_its_jitter_and_cap()
    {
        var policy = RetryPolicy.Exponential(10, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), jitter: 0.2);
        var random = new Random(42);
        for (var i = 0; i < 50; i++)
        {
            var first = policy.DelayAfter(1, random)!.Value.TotalSeconds;
            var third = policy.DelayAfter(3, random)!.Value.TotalSeconds;
            var late = policy.DelayAfter(9, random)!.Value.TotalSeconds;
            Assert.InRange(first, 8, 12);
            Assert.InRange(third, 32, 48);
            Assert.InRange(late, 48, 72);
        }
        Assert.Null(policy.DelayAfter(10, random));
    }

    [Fact]
    public void Schedules_round_trip_through_their_stored_text()
    {
        Assert.Equal(TaskSchedule.Cron("0 6 * * *"), TaskSchedule.Parse(TaskSchedule.Cron("0  6 * * *").Text));
        Assert.Equal(TaskSchedule.Every(TimeSpan.FromSeconds(10)), TaskSchedule.Parse("every:10"));
    }

    [Fact]
    public void A_later_registration_replaces_a_task_and_a_removed_one_is_gone()
    {
        var registry = new TaskRegistry()
            .Add(new TaskDefinition("t:A", typeof(CountingTask)) { Priority = TaskPriority.Normal })
            .Add(new TaskDefinition("t:A", typeof(CountingTask)) { Priority = TaskPriority.Realtime })
            .Add(new TaskDefinition("t:B", typeof(CountingTask)))
            .Remove("t:B");
        Assert.Equal(TaskPriority.Realtime, registry.Find("t:A")!.Priority);
        Assert.Null(registry.Find("t:B"));
        Assert.Throws<ArgumentException>(() => registry.Add(new TaskDefinition("t:C", typeof(string))));
    }
}
