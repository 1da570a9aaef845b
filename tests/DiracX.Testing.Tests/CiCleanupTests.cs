using System.Diagnostics;

namespace DiracX.Testing.Tests;

/// <summary>
/// <c>.ci/run</c> stops the PostgreSQL clusters of its own run only (by the postmaster PID of each cluster under its
/// run folder), never every throwaway cluster of the machine: other engineers' test runs share it.
/// </summary>
public sealed class CiCleanupTests : IDisposable
{
    private readonly string _runDir = Directory.CreateTempSubdirectory("diracx-ci-cleanup-test-").FullName;
    private readonly List<Process> _processes = [];

    [Fact]
    public async Task The_clean_up_stops_the_clusters_of_its_run_and_leaves_other_runs_clusters_alone()
    {
        var ct = TestContext.Current.CancellationToken;
        // Stand-ins for postmasters: processes whose command line is that of a cluster's server.
        var ownData = Path.Combine(_runDir, "diracx-pg-1234-own", "data");
        Directory.CreateDirectory(ownData);
        var own = StartFakePostmaster(ownData);
        await File.WriteAllTextAsync(Path.Combine(ownData, "postmaster.pid"), $"{own.Id}\n{ownData}\n", ct);
        var foreignData = Path.Combine(Path.GetTempPath(), $"diracx-pg-{Guid.NewGuid():N}"[..32], "data");
        var foreign = StartFakePostmaster(foreignData);

        var script = Path.Combine(RepositoryRoot(), ".ci", "stop-test-clusters");
        using var cleanup = Process.Start(new ProcessStartInfo(script, [_runDir]) { RedirectStandardOutput = true })!;
        var output = await cleanup.StandardOutput.ReadToEndAsync(ct);
        await cleanup.WaitForExitAsync(ct);

        Assert.Equal(0, cleanup.ExitCode);
        Assert.Contains("stopped 1 leftover test cluster(s)", output, StringComparison.Ordinal);
        Assert.True(own.WaitForExit(10_000), "the run's own cluster was not stopped");
        Assert.False(foreign.HasExited, "another run's cluster was stopped");
        var ciRun = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), ".ci", "run"), ct);
        Assert.DoesNotContain("pkill", ciRun, StringComparison.Ordinal);
        Assert.Contains(".ci/stop-test-clusters \"$DIRACX_TEST_RUN_DIR\"", ciRun, StringComparison.Ordinal);
    }

    private Process StartFakePostmaster(string dataDir)
    {
        var process = Process.Start(new ProcessStartInfo("/bin/bash", ["-c", $"exec -a 'postgres -D {dataDir}' sleep 120"]))!;
        _processes.Add(process);
        // exec replaces bash: wait until the command line is the postmaster's.
        for (var i = 0; i < 100 && !File.ReadAllText($"/proc/{process.Id}/cmdline").Contains(dataDir, StringComparison.Ordinal); i++)
        {
            Thread.Sleep(20);
        }
        return process;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DiracX.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("DiracX.sln not found");
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
            process.Dispose();
        }
        Directory.Delete(_runDir, recursive: true);
    }
}
