using System.Diagnostics;
using DiracX.Testing;

namespace DiracX.AppHost.Tests.Processes;

/// <summary>
/// Runs a built DiracX process as a deployment would (<c>dotnet &lt;Project&gt;.dll</c>), with only the given settings:
/// no DIRACX_* or ConnectionStrings__* variable of the test process leaks in.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private ServiceProcess(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    /// <summary>The built assembly of a project of the repository (same configuration as the tests).</summary>
    public static string Dll(string project)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<Configuration>/net10.0
        var dll = Path.Combine(RepositoryRoot.Path, project, "bin", configuration, "net10.0", project + ".dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is not built.");
    }

    /// <summary>Starts the process.</summary>
    public static ServiceProcess Start(string project, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(Dll(project))!,
        };
        psi.ArgumentList.Add(Dll(project));
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        foreach (var name in psi.Environment.Keys.ToList())
        {
            if (name.StartsWith("DIRACX_", StringComparison.OrdinalIgnoreCase) || name.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("DiracX__", StringComparison.OrdinalIgnoreCase) || name.StartsWith("OTEL_", StringComparison.Ordinal)
                || name.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || name.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal))
            {
                psi.Environment.Remove(name);
            }
        }
        // The processes started here do not use sandboxes, which need an S3 store (unless a test says otherwise).
        psi.Environment["DIRACX_SERVICE_SANDBOXES_ENABLED"] = "false";
        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }
        return new ServiceProcess(Process.Start(psi)!);
    }

    /// <summary>Runs the process to its end (killing it after <paramref name="timeout"/>).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string project, IEnumerable<string> args,
        IReadOnlyDictionary<string, string> environment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await using var process = Start(project, args, environment);
        return await process.WaitAsync(timeout, cancellationToken);
    }

    /// <summary>Waits for the end of the process and returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"The process did not end within {timeout}: {await _stdout}{await _stderr}");
        }
        return (_process.ExitCode, await _stdout, await _stderr);
    }

    /// <summary>Asserts a failed start: exit code 1, one line on stderr containing every part, no stack trace.</summary>
    public static string AssertOneLineFailure((int ExitCode, string Stdout, string Stderr) result, params string[] parts)
    {
        var (exitCode, stdout, stderr) = result;
        Assert.True(exitCode == 1, $"exit code {exitCode}; stdout: {stdout}; stderr: {stderr}");
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        foreach (var part in parts)
        {
            Assert.Contains(part, line, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stdout + stderr, StringComparison.Ordinal);
        return line;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
