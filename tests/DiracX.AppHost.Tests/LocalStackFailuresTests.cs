using Aspire.Hosting.ApplicationModel;

namespace DiracX.AppHost.Tests;

/// <summary>What the AppHost says when a resource of the local stack ends in error (LocalStackFailures).</summary>
public sealed class LocalStackFailuresTests
{
    [Fact]
    public void An_exit_with_a_non_zero_code_or_a_failed_start_is_a_failure_and_nothing_else_is()
    {
        Assert.True(LocalStackFailures.IsFailure(KnownResourceStates.Finished, 1));
        Assert.True(LocalStackFailures.IsFailure(KnownResourceStates.Exited, 134));
        Assert.True(LocalStackFailures.IsFailure(KnownResourceStates.FailedToStart, null));
        Assert.False(LocalStackFailures.IsFailure(KnownResourceStates.Finished, 0));
        Assert.False(LocalStackFailures.IsFailure(KnownResourceStates.Exited, null));
        Assert.False(LocalStackFailures.IsFailure(KnownResourceStates.Running, null));
        Assert.False(LocalStackFailures.IsFailure(KnownResourceStates.Waiting, null));
    }

    [Fact]
    public void The_report_names_the_resource_its_exit_code_what_waits_for_it_and_its_last_lines()
    {
        var text = LocalStackFailures.Text("migrations", KnownResourceStates.Finished, 1, ["routers", "tasks"],
            ["DiracX.MigrationService: cannot start: DIRACX_EXTENSIONS: the folder /x holds no assembly built against DiracX"]);

        Assert.StartsWith("DiracX local stack: migrations exited with code 1; routers, tasks wait for it and will not start.", text);
        Assert.Contains("    DiracX.MigrationService: cannot start: DIRACX_EXTENSIONS: the folder /x holds no assembly", text);
        Assert.Contains("start the AppHost again", text);
    }

    [Fact]
    public void A_resource_that_could_not_start_and_that_nothing_waits_for_is_reported_with_its_state()
    {
        var text = LocalStackFailures.Text("s3", KnownResourceStates.FailedToStart, null, [], []);

        Assert.StartsWith("DiracX local stack: s3 failed (FailedToStart).", text);
        Assert.DoesNotContain("last lines", text);
    }
}
