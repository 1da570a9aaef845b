using System.Diagnostics;
using System.Text;

namespace DiracX.Tasks.Tests;

/// <summary>This test assembly running as a DiracX.Tasks worker (<c>--test-worker</c>) in a process of its own.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WorkerProcess(Process process, string node)
    {
        _process = process;
        Node = node;
    }

    /// <summary>The worker's node name (DiracX:Tasks:NodeName, also its Quartz instance id).</summary>
    public string Node { get; }

    /// <summary>Whether it has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>What it wrote so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Its exit code once it has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Starts a worker named <paramref name="node"/> on <paramref name="connectionString"/>, with <paramref name="environment"/>
    /// added to the test settings.
    /// </summary>
    public static WorkerProcess Start(string node, string connectionString, string variant = "v1", IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DiracX.Tasks.Tests.dll"));
        psi.ArgumentList.Add("--test-worker");
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("DIRACX_", StringComparison.Ordinal) || k.StartsWith("DiracX__", StringComparison.Ordinal)
                     || k.StartsWith("OTEL_", StringComparison.Ordinal) || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(key);
        }
        psi.Environment["DOTNET_ENVIRONMENT"] = "Production";
        psi.Environment["ConnectionStrings__diracx"] = connectionString;
        psi.Environment["DiracX__Tasks__NodeName"] = node;
        psi.Environment["DiracX__Tasks__PollInterval"] = "00:00:00.200";
        psi.Environment["DiracX__Tasks__CheckinInterval"] = "00:00:01";
        psi.Environment["DiracX__Tasks__Lease"] = "00:00:06";
        psi.Environment["DiracX__Tasks__ReconcileInterval"] = "00:00:05";
        psi.Environment["DIRACX_SERVICE_SANDBOXES_ENABLED"] = "false";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["Logging__LogLevel__DiracX"] = "Information";
        psi.Environment["TESTWORKER_VARIANT"] = variant;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start a worker");
        var worker = new WorkerProcess(process, node);
        process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Kills the worker at once (SIGKILL: no shutdown, its lease and Quartz check-in just stop).</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
    }

    /// <summary>Sends SIGTERM, as Kubernetes does to stop a pod: the host shuts down within its shutdown timeout.</summary>
    public async Task TerminateAsync(CancellationToken cancellationToken)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("could not run kill");
        await kill.WaitForExitAsync(cancellationToken);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} exited with {kill.ExitCode}");
        }
    }

    /// <summary>Waits until it exits; false when it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken).WaitAsync(timeout, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
