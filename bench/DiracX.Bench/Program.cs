using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using DiracX.Bench;
using DiracX.Routers.Infrastructure.Hosting;
using DiracX.Testing;
using Npgsql;

// DiracX end-to-end bench: see bench/README.md. Exit code 0 = no HTTP error and constant statements per request.
var mode = args.SkipWhile(a => a != "--mode").Skip(1).FirstOrDefault() ?? "smoke";
if (mode is not ("smoke" or "full" or "soak"))
{
    Console.Error.WriteLine("usage: DiracX.Bench --mode smoke|full|soak [--jobs N] [--seconds S] [--routers-dll PATH] [--only constancy,floor,s7,s5,s5deep,s6,s3,decay,s1,s1parametric]");
    return 2;
}
var options = new BenchOptions(mode, args);
var total = Stopwatch.StartNew();
var bench = new Bench(options);
try
{
    var ok = await bench.RunAsync();
    Console.WriteLine($"bench {mode}: {total.Elapsed.TotalSeconds:F0}s ({(ok ? "passed" : "FAILED")})");
    return ok ? 0 : 1;
}
finally
{
    await bench.DisposeAsync();
}

namespace DiracX.Bench
{
    internal sealed class BenchOptions
    {
        public BenchOptions(string mode, string[] args)
        {
            Mode = mode;
            string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
            var smoke = mode == "smoke";
            Jobs = int.Parse(Arg("--jobs") ?? (smoke ? "20000" : "1000000"), CultureInfo.InvariantCulture);
            Seconds = double.Parse(Arg("--seconds") ?? (smoke ? "1" : "10"), CultureInfo.InvariantCulture);
            SoakSeconds = double.Parse(Arg("--soak-seconds") ?? "300", CultureInfo.InvariantCulture);
            RoutersDll = Arg("--routers-dll");
            StatusJobs = smoke ? 500 : 10_000;
            CopyRowsPerStream = smoke ? 500 : 25_000;
            // The API submits as many jobs as the raw COPY writes (4 streams, 100 JDLs per request), after a warm-up.
            SubmitRequests = int.Parse(Arg("--submit-requests") ?? (4 * CopyRowsPerStream / 100).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            SubmitWarmupRequests = smoke ? 4 : 200;
            ParametricJobs = smoke ? 500 : 10_000;
            Only = Arg("--only") is { } only ? [.. only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : null;
        }

        /// <summary>The scenarios to run (<c>--only floor,s7</c>), or null for all of them.</summary>
        public HashSet<string>? Only { get; }

        public string Mode { get; }

        public bool Smoke => Mode == "smoke";

        public int Jobs { get; }

        public double Seconds { get; }

        public double SoakSeconds { get; }

        public string? RoutersDll { get; }

        public int StatusJobs { get; }

        public int SubmitRequests { get; }

        /// <summary>Untimed S1 requests before the measured ones (JIT and heap growth of a fresh code path).</summary>
        public int SubmitWarmupRequests { get; }

        public int CopyRowsPerStream { get; }

        public int ParametricJobs { get; }

        public TimeSpan Duration => TimeSpan.FromSeconds(Seconds);
    }

    internal sealed partial class Bench(BenchOptions o) : IAsyncDisposable
    {
        /// <summary>Raised from DiracX's 20 so that one request may carry 100 JDLs and one parametric JDL 10k jobs.</summary>
        public const int MaxJobsPerSubmission = 10_000;

        private readonly List<ScenarioResult> _results = [];
        private readonly List<string> _notes = [];
        private readonly List<string> _failures = [];
        private readonly Dictionary<string, string> _context = new();
        private readonly List<IAsyncDisposable> _owned = [];
        private PgCluster _pg = null!;
        private NpgsqlDataSource _db = null!;
        private RoutersProcess _routers = null!;
        private SideServer _side = null!;
        private TestKeystore _keystore = null!;
        private TestConfigRepository? _config;
        private string _root = "";

        private static void Log(string message) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

        public async Task<bool> RunAsync()
        {
            _root = RepositoryRoot();
            await StartAsync();
            if (o.Mode == "soak")
            {
                await SoakAsync();
            }
            else
            {
                (string Name, Func<Task> Run)[] scenarios =
                [
                    ("constancy", StatementConstancyAsync), ("floor", FloorAsync), ("s7", S7Async), ("s5", S5Async),
                    ("s5deep", S5DeepAsync), ("s6", S6Async), ("s3", S3Async), ("decay", VisibilityDecayAsync),
                    ("s1", S1SubmitAsync), ("s1parametric", S1ParametricAsync),
                ];
                foreach (var (name, run) in scenarios.Where(s => o.Only is null || o.Only.Contains(s.Name)))
                {
                    await run();
                }
            }
            var (_, peak) = _routers.Memory();
            _context["load average at the end (other work on the machine)"] = LoadAverage();
            if (_cpuAtStart is { } start && CpuTicks() is { } end && end.Total > start.Total)
            {
                // On a VM, time the hypervisor gave to other guests: the same code is slower by about this much.
                _context["CPU steal since the routers started (hypervisor)"] =
                    $"{100.0 * (end.Steal - start.Steal) / (end.Total - start.Total):F1}% of the machine's CPU time";
            }
            _context["routers peak RSS (VmHWM)"] = $"{peak:F0} MiB";
            _context["OTLP export requests received"] = _side.OtlpRequests.ToString(CultureInfo.InvariantCulture);
            Report.PrintTable(_results);
            foreach (var n in _notes)
            {
                Console.WriteLine("  " + n);
            }
            Console.WriteLine("settings:");
            foreach (var (k, v) in _context)
            {
                Console.WriteLine($"  {k}: {v}");
            }
            var (json, md) = Report.Write(Path.Combine(_root, "bench", "results"), o.Only is null ? o.Mode : o.Mode + "-partial", _results, _context, _notes);
            Console.WriteLine($"results: {json} and {md}");
            var errors = _results.Sum(r => r.Errors);
            if (errors > 0)
            {
                _failures.Add($"{errors} HTTP errors");
            }
            foreach (var f in _failures)
            {
                Console.WriteLine("FAILURE: " + f);
            }
            return _failures.Count == 0;
        }

        private static string RepositoryRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DiracX.sln")))
            {
                dir = dir.Parent;
            }
            return dir?.FullName ?? throw new InvalidOperationException("DiracX.sln not found above " + AppContext.BaseDirectory);
        }

        private string FindRoutersDll()
        {
            if (o.RoutersDll is { } given)
            {
                return Path.GetFullPath(given);
            }
            // The routers built in the bench's own configuration (Release with dotnet run -c Release).
            var configuration = typeof(Bench).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
            var dll = Path.Combine(_root, "DiracX.Routers", "bin", configuration, "net10.0", "DiracX.Routers.dll");
            return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is missing: build DiracX.Routers -c {configuration}");
        }

        private async Task StartAsync()
        {
            var clock = Stopwatch.StartNew();
            _pg = await PgCluster.StartAsync(o.Smoke ? "128MB" : "1GB");
            Log($"PostgreSQL on port {_pg.Port} ({_pg.Version}) in {clock.Elapsed.TotalSeconds:F1}s");
            await using (var admin = NpgsqlDataSource.Create(_pg.ConnectionString("postgres")))
            {
                await admin.CreateCommand("CREATE DATABASE diracx").ExecuteNonQueryAsync();
            }
            var cs = _pg.ConnectionString("diracx");
            _db = NpgsqlDataSource.Create(cs);
            await DiracXDatabaseTemplates.MigrateAsync(DiracXModules.BuiltIn, new NpgsqlConnectionStringBuilder(cs) { MaxAutoPrepare = 0 }.ConnectionString, CancellationToken.None);
            await _db.CreateCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").ExecuteNonQueryAsync();
            Log($"migrated with DiracX's migrations at {clock.Elapsed.TotalSeconds:F1}s; generating {o.Jobs:N0} jobs by SQL");
            var generation = await DataGenerator.GenerateAsync(_db, o.Jobs, Log);
            _notes.Add($"data: {o.Jobs:N0} jobs generated by SQL in {generation.TotalSeconds:F1}s (4 LoggingInfo rows each, ~1 KB compressed JDL)");
            var redis = await RedisServer.GetSharedAsync();
            _side = await SideServer.StartAsync();
            _keystore = TestKeystore.CreateEd25519();
            (_config, _) = await TestConfigRepository.CreateAsync(TestConfigs.Default, CancellationToken.None);
            var keysDir = Path.Combine(Path.GetTempPath(), $"diracx-bench-keys-{Environment.ProcessId}");
            Directory.CreateDirectory(keysDir);
            var jwks = Path.Combine(keysDir, "jwks.json");
            await File.WriteAllTextAsync(jwks, _keystore.JwksJson);
            var apiKey = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("bench-legacy-key")));
            var routersCs = new NpgsqlConnectionStringBuilder(cs) { NoResetOnClose = false, MaxPoolSize = 100 }.ConnectionString;
            var env = new Dictionary<string, string>
            {
                ["ConnectionStrings__diracx"] = routersCs,
                ["ConnectionStrings__redis"] = redis.ConnectionString,
                ["DIRACX_CONFIG_BACKEND_URL"] = _config.Url,
                // The bench exercises no sandbox route, which would need an S3 store.
                ["DIRACX_SERVICE_SANDBOXES_ENABLED"] = "false",
                ["DIRACX_SERVICE_AUTH_TOKEN_ISSUER"] = TestKeystore.DefaultIssuer,
                ["DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE"] = "file://" + jwks,
                ["DIRACX_SERVICE_AUTH_STATE_KEY"] = _keystore.Settings.StateKey,
                ["DIRACX_LEGACY_EXCHANGE_HASHED_API_KEY"] = apiKey,
                ["DiracX__Jobs__MaxJobsPerSubmission"] = MaxJobsPerSubmission.ToString(CultureInfo.InvariantCulture),
                // Telemetry on, as deployed: OTLP over HTTP to the bench's sink.
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _side.Url,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_SERVICE_NAME"] = "diracx-routers-bench",
            };
            var dll = FindRoutersDll();
            var logPath = Path.Combine(Path.GetTempPath(), $"diracx-bench-routers-{Environment.ProcessId}.log");
            _routers = await RoutersProcess.StartAsync(dll, env, logPath);
            Log($"routers pid {_routers.Pid} at {_routers.Url} ready at {clock.Elapsed.TotalSeconds:F1}s ({dll})");
            _context["mode"] = o.Mode;
            _context["date"] = DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture);
            _context["machine"] = $"{Environment.ProcessorCount} cores ({Cpu()}), {Environment.OSVersion}, .NET {Environment.Version}";
            _context["load generator"] = "in the bench process, on the same cores as the routers and PostgreSQL (closed loop, HttpClient/SocketsHttpHandler)";
            _context["postgres"] = $"{_pg.Version}; {_pg.Settings}";
            _context["redis"] = redis.Kind;
            _context["routers"] = dll;
            _context["routers settings"] = string.Join(", ", env.Where(e => e.Key.StartsWith("DiracX__", StringComparison.Ordinal) || e.Key.StartsWith("OTEL_", StringComparison.Ordinal))
                .Select(e => $"{e.Key}={e.Value}")) + ", ASPNETCORE_ENVIRONMENT=Production, real Ed25519 tokens (file keystore)";
            _context["load average at the start (other work on the machine)"] = LoadAverage();
            _cpuAtStart = CpuTicks();
            _context["jobs in table"] = o.Jobs.ToString("N0", CultureInfo.InvariantCulture);
            _context["duration per load"] = $"{o.Seconds}s";
        }

        private (long Steal, long Total)? _cpuAtStart;

        /// <summary>The machine's steal and total CPU ticks (<c>/proc/stat</c>), or null where there is none.</summary>
        private static (long Steal, long Total)? CpuTicks()
        {
            try
            {
                var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                    .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
                return fields.Length > 7 ? (fields[7], fields.Take(8).Sum()) : null;
            }
            catch (IOException)
            {
                return null;
            }
        }

        private static string LoadAverage()
        {
            try
            {
                return File.ReadAllText("/proc/loadavg").Trim();
            }
            catch (IOException)
            {
                return "?";
            }
        }

        private static string Cpu()
        {
            try
            {
                return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?";
            }
            catch (IOException)
            {
                return "?";
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var d in _owned)
            {
                await d.DisposeAsync();
            }
            if (_routers is not null)
            {
                await _routers.DisposeAsync();
            }
            if (_side is not null)
            {
                await _side.DisposeAsync();
            }
            if (_db is not null)
            {
                await _db.DisposeAsync();
            }
            if (_pg is not null)
            {
                await _pg.DisposeAsync();
            }
            _keystore?.Dispose();
            _config?.Dispose();
        }
    }
}
