using System.Diagnostics;
using System.Text;

namespace DiracX.Routers.Tests;

/// <summary>The built DiracX.Routers app running as its own process (as a replica would), on a loopback port.</summary>
public sealed class RoutersProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RoutersProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the process listens.</summary>
    public Uri BaseAddress { get; }

    /// <summary>What the process wrote so far (stdout and stderr).</summary>
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

    /// <summary>Starts <c>dotnet DiracX.Routers.dll</c> with <paramref name="environment"/> on <paramref name="url"/>.</summary>
    public static RoutersProcess Start(string url, IDictionary<string, string> environment)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DiracX.Routers.dll"));
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("DIRACX_", StringComparison.Ordinal) || k.StartsWith("DiracX__", StringComparison.Ordinal)
                     || k.StartsWith("OTEL_", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(key);
        }
        psi.Environment["ASPNETCORE_URLS"] = url;
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // These tests do not use sandboxes, which need an S3 store (SandboxRouteTests cover them).
        psi.Environment["DIRACX_SERVICE_SANDBOXES_ENABLED"] = "false";
        foreach (var (k, v) in environment)
        {
            psi.Environment[k] = v;
        }
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start the routers");
        var routers = new RoutersProcess(process, new Uri(url));
        process.OutputDataReceived += (_, e) => routers.Append(e.Data);
        process.ErrorDataReceived += (_, e) => routers.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return routers;
    }

    /// <summary>Waits until <paramref name="path"/> answers 200 through <paramref name="client"/>.</summary>
    public async Task WaitForAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            Assert.False(_process.HasExited, "the routers exited:\n" + Output);
            try
            {
                using var response = await client.GetAsync(new Uri(BaseAddress, path), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            Assert.True(DateTime.UtcNow < deadline, $"{path} never answered 200:\n{Output}");
            await Task.Delay(250, cancellationToken);
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
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
