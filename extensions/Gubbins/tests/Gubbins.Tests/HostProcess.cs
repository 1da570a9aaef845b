using System.Diagnostics;
using DiracX.Testing;

namespace Gubbins.Tests;

/// <summary>
/// A DiracX host (routers, migration service, tasks, dirac) run as a deployment runs it, with Gubbins loaded through
/// DIRACX_EXTENSIONS: the hosts are DiracX's build (DIRACX_HOSTS_DIR/&lt;Project&gt;/&lt;Project&gt;.dll, or the
/// repository's Debug build), the extension is Gubbins' published folder (GUBBINS_EXTENSION_DIR, or artifacts/extension,
/// which `run-tests.sh` publishes).
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private HostProcess(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    /// <summary>The folder DIRACX_EXTENSIONS names.</summary>
    public static string ExtensionFolder
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable("GUBBINS_EXTENSION_DIR")
                ?? Path.Combine(RepositoryRoot.Path, "extensions", "Gubbins", "artifacts", "extension");
            Assert.True(File.Exists(Path.Combine(folder, "Gubbins.Routers.dll")), $"Gubbins is not published to {folder}: run extensions/Gubbins/run-tests.sh");
            return folder;
        }
    }

    public static string Dll(string project, string? assembly = null)
    {
        var hosts = Environment.GetEnvironmentVariable("DIRACX_HOSTS_DIR");
        var folder = hosts is null ? Path.Combine(RepositoryRoot.Path, project, "bin", "Debug", "net10.0") : Path.Combine(hosts, project);
        var dll = Path.Combine(folder, (assembly ?? project) + ".dll");
        Assert.True(File.Exists(dll), $"{dll} is not built (build DiracX first)");
        return dll;
    }

    public static HostProcess Start(string project, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string? assembly = null)
    {
        var dll = Dll(project, assembly);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
        psi.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        foreach (var name in psi.Environment.Keys.Where(n => n.StartsWith("DIRACX_", StringComparison.OrdinalIgnoreCase)
            || n.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase) || n.StartsWith("DiracX__", StringComparison.OrdinalIgnoreCase)
            || n.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || n.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(name);
        }
        psi.Environment["DIRACX_SERVICE_SANDBOXES_ENABLED"] = "false";
        psi.Environment["DIRACX_EXTENSIONS"] = ExtensionFolder;
        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }
        return new HostProcess(Process.Start(psi)!);
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string project, IEnumerable<string> args,
        IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken, string? assembly = null)
    {
        await using var process = Start(project, args, environment, assembly);
        return await process.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
    }

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

    public bool HasExited => _process.HasExited;

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
