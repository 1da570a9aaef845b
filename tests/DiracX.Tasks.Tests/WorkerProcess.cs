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

    /// <summary>Starts a worker named <paramref name="node"/> on <paramref name="connectionString"/>.</summary>
    public static WorkerProcess Start(string node, string connectionString, string variant = "v1")
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
