using System.Diagnostics;
using System.Text;
using DiracX.Testing;
using Npgsql;

namespace DiracX.Bench;

/// <summary>Runs machine programs (initdb, pg_ctl) and throws with their output when they fail.</summary>
internal static class Shell
{
    public static bool IsRoot => Environment.UserName == "root";

    public static string? Find(string name, IEnumerable<string> extraFolders)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Concat(extraFolders))
        {
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, name)))
            {
                return Path.Combine(dir, name);
            }
        }
        return null;
    }

    public static async Task<string> RunAsync(string fileName, IEnumerable<string> args, string? runAs = null)
    {
        var all = args.ToList();
        var exe = fileName;
        if (runAs is not null)
        {
            all = [$"--reuid={runAs}", $"--regid={runAs}", "--init-groups", "--", fileName, .. all];
            exe = "setpriv";
        }
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        all.ForEach(psi.ArgumentList.Add);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {exe}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout + await stderr;
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"'{exe} {string.Join(' ', all)}' exited with {process.ExitCode}: {output}");
    }
}

/// <summary>
/// The bench's own PostgreSQL cluster (not the test fixture's: the bench needs pg_stat_statements preloaded).
/// Same durability settings as the test fixture (fsync off): the bench measures the CPU path, not the disk.
/// </summary>
internal sealed class PgCluster : IAsyncDisposable
{
    private readonly string _root;
    private readonly string _pgCtl;

    private PgCluster(string root, string pgCtl, int port, string version)
    {
        _root = root;
        _pgCtl = pgCtl;
        Port = port;
        Version = version;
    }

    public int Port { get; }

    public string Version { get; }

    public string Settings { get; private set; } = "";

    public string ConnectionString(string database, int maxPool = 100) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        MaxPoolSize = maxPool,
        // Npgsql's automatic preparation: the raw ceilings use prepared statements (pgbench -M prepared).
        MaxAutoPrepare = 50,
        AutoPrepareMinUsages = 2,
        NoResetOnClose = true,
    }.ConnectionString;

    public static async Task<PgCluster> StartAsync(string sharedBuffers)
    {
        string[] bins = [.. Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin")) : []];
        var initdb = Shell.Find("initdb", bins) ?? throw new InvalidOperationException("initdb not found (apt-get install postgresql-15)");
        var pgCtl = Path.Combine(Path.GetDirectoryName(initdb)!, "pg_ctl");
        var root = Path.Combine(Path.GetTempPath(), $"diracx-bench-pg-{Environment.ProcessId}");
        if (Directory.Exists(root))
        {
            Directory.Delete(root, true);
        }
        Directory.CreateDirectory(root);
        var runAs = Shell.IsRoot ? "postgres" : null;
        if (runAs is not null)
        {
            await Shell.RunAsync("chown", [$"{runAs}:{runAs}", root]);
        }
        var data = Path.Combine(root, "data");
        await Shell.RunAsync(initdb, ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--locale=C"], runAs);
        var version = (await Shell.RunAsync(Path.Combine(Path.GetDirectoryName(initdb)!, "postgres"), ["--version"])).Trim();
        var port = FreePort.Next();
        var settings = $"-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c jit=off " +
                       $"-c max_connections=300 -c shared_buffers={sharedBuffers} -c shared_preload_libraries=pg_stat_statements " +
                       "-c pg_stat_statements.track_utility=on -c max_wal_size=4GB";
        await Shell.RunAsync(pgCtl, ["-D", data, "-o", $"-p {port} -k {root} {settings}", "-l", Path.Combine(root, "server.log"),
            "-w", "-t", "60", "start"], runAs);
        return new PgCluster(root, pgCtl, port, version) { Settings = settings.Replace("-c ", "", StringComparison.Ordinal) };
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await Shell.RunAsync(_pgCtl, ["-D", Path.Combine(_root, "data"), "-m", "immediate", "-w", "stop"], Shell.IsRoot ? "postgres" : null);
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }
        Directory.Delete(_root, true);
    }
}

/// <summary>The DiracX routers as a separate process (the built DiracX.Routers.dll), configured through the environment.</summary>
internal sealed class RoutersProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private RoutersProcess(Process process, StreamWriter log, string url, string dll)
    {
        _process = process;
        _log = log;
        Url = url;
        Dll = dll;
    }

    public string Url { get; }

    public string Dll { get; }

    public int Pid => _process.Id;

    public static async Task<RoutersProcess> StartAsync(string dll, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        var port = FreePort.Next();
        var url = $"http://127.0.0.1:{port}";
        var psi = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        psi.ArgumentList.Add(dll);
        psi.Environment["ASPNETCORE_URLS"] = url;
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (k, v) in environment)
        {
            psi.Environment[k] = v;
        }
        var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start the routers");
        var log = new StreamWriter(logPath, append: false, Encoding.UTF8) { AutoFlush = true };
        var gate = new Lock();
        void Write(string? line)
        {
            if (line is not null)
            {
                lock (gate)
                {
                    log.WriteLine(line);
                }
            }
        }
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var routers = new RoutersProcess(process, log, url, dll);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The routers exited with {process.ExitCode}; see {logPath}");
            }
            try
            {
                using var r = await http.GetAsync(new Uri(url + "/api/health/ready"));
                if (r.IsSuccessStatusCode)
                {
                    return routers;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // slow start
            }
            if (deadline.Elapsed > TimeSpan.FromSeconds(90))
            {
                await routers.DisposeAsync();
                throw new InvalidOperationException($"The routers were not ready within 90 s; see {logPath}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>User plus system CPU time the routers process has used so far.</summary>
    public TimeSpan CpuTime()
    {
        try
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
        catch (InvalidOperationException)
        {
            return TimeSpan.Zero; // the process is gone
        }
    }

    /// <summary>Resident and peak resident memory of the routers (VmRSS, VmHWM), in MiB.</summary>
    public (double Rss, double Peak) Memory()
    {
        double rss = 0, peak = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = ParseKb(line) / 1024.0;
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = ParseKb(line) / 1024.0;
                }
            }
        }
        catch (IOException)
        {
            // the process is gone
        }
        return (rss, peak);
    }

    private static long ParseKb(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        await _log.DisposeAsync();
    }
}
