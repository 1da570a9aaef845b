using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using DiracX.Routers.Infrastructure.Hosting;
using DiracX.Testing;

namespace DiracX.Routers.Tests.Hardening;

/// <summary>
/// The routers as a separate process (the built DiracX.Routers.dll, as deployed: its own runtime configuration, server
/// GC) on a fresh database: 50 MB streamed (chunked) bodies of tiny values, four at once, to submission, search,
/// status and heartbeat, are all refused with a 4xx while the process's resident memory stays within 64 MiB of its
/// warmed-up baseline.
/// </summary>
public class BoundedMemoryTests
{
    private const long BodyBytes = 50_000_000;
    private const long AllowedGrowth = 64L * 1024 * 1024;

    /// <summary>The normal user's token (submission needs NormalUser; the admin reaches everything else).</summary>
    private static readonly AsyncLocal<string> s_userToken = new();

    private static string RoutersDll
    {
        get
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "DiracX.sln")))
            {
                root = root.Parent;
            }
            Assert.NotNull(root);
            // The Release build when there is one at least as new as the Debug build (CI), else the Debug build.
            var candidates = new[] { "Release", "Debug" }
                .Select(c => new FileInfo(Path.Combine(root.FullName, "DiracX.Routers", "bin", c, "net10.0", "DiracX.Routers.dll")))
                .Where(f => f.Exists).OrderByDescending(f => f.LastWriteTimeUtc).ToList();
            Assert.NotEmpty(candidates);
            return candidates[0].FullName;
        }
    }

    [Fact]
    public async Task Fifty_megabyte_streamed_bodies_four_at_once_are_refused_with_bounded_memory()
    {
        var ct = TestContext.Current.CancellationToken;
        using var keystore = TestKeystore.CreateEd25519();
        var (config, _) = await TestConfigRepository.CreateAsync(TestConfigs.Default, ct);
        using var _config = config;
        await using var database = await DiracXDatabaseTemplates.For(DiracXModules.BuiltIn).CreateDatabaseAsync(ct);
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(RoutersDll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(RoutersDll);
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__diracx"] = database.ConnectionString,
            ["DiracX__Auth__TokenIssuer"] = keystore.Settings.TokenIssuer,
            ["DiracX__Auth__TokenKeystore"] = keystore.JwksJson,
            ["DiracX__Auth__StateKey"] = keystore.Settings.StateKey,
            // No sandbox route is exercised here; the sandboxes system would need an S3 store.
            ["DIRACX_SERVICE_SANDBOXES_ENABLED"] = "false",
            ["DiracX__Config__BackendUrl"] = config.Url,
            ["DiracX__Jobs__MaxJobsPerSubmission"] = "20",
            ["DiracX__Jobs__MaxJdlBytes"] = "65536",
            ["DiracX__Jobs__MaxIdsPerRequest"] = "1000",
            ["DiracX__Jobs__MaxSearchBodyBytes"] = "262144",
            ["Logging__LogLevel__Default"] = "Warning",
        })
        {
            start.Environment[key] = value;
        }
        var output = new StringBuilder();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", keystore.MintAccessToken(TestIdentity.Admin));
            s_userToken.Value = keystore.MintAccessToken(TestIdentity.NormalUser);
            await WaitUntilReadyAsync(client, process, output, ct);

            // Warm-up: the JIT, the pools and the GC heaps settle with the same traffic (a valid request per route too).
            using (var submit = new HttpRequestMessage(HttpMethod.Post, "/api/jobs/jdl")
            {
                Content = new StringContent("""["Executable = \"echo\";"]""", Encoding.UTF8, "application/json"),
            })
            {
                submit.Headers.Authorization = new AuthenticationHeaderValue("Bearer", s_userToken.Value);
                Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(submit, ct)).StatusCode);
            }
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/jobs/search",
                new StringContent("{}", Encoding.UTF8, "application/json"), ct)).StatusCode);
            await HostileRoundAsync(client, ct);
            await HostileRoundAsync(client, ct);

            var baseline = ResidentBytes(process);
            var peak = baseline;
            using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, ResidentBytes(process));
                    await Task.Delay(20, CancellationToken.None);
                }
            }, CancellationToken.None);
            var answers = new List<string>();
            for (var round = 0; round < 2; round++)
            {
                answers.AddRange(await HostileRoundAsync(client, ct));
            }
            await Task.Delay(500, ct);
            await sampling.CancelAsync();
            await sampler;
            var after = ResidentBytes(process);
            peak = Math.Max(peak, after);

            TestContext.Current.TestOutputHelper?.WriteLine(
                $"baseline {baseline / 1048576.0:F1} MiB, peak {peak / 1048576.0:F1} MiB, after {after / 1048576.0:F1} MiB; {string.Join(", ", answers)}");
            Assert.All(answers, a => Assert.True(a.StartsWith("413", StringComparison.Ordinal) || a.StartsWith('4'), a));
            Assert.True(peak - baseline < AllowedGrowth,
                $"resident memory grew by {(peak - baseline) / 1048576.0:F1} MiB (baseline {baseline / 1048576.0:F1} MiB, peak {peak / 1048576.0:F1} MiB, after {after / 1048576.0:F1} MiB); answers: {string.Join(", ", answers)}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>Four 50 MB bodies at once; the answers as "status route".</summary>
    private static async Task<string[]> HostileRoundAsync(HttpClient client, CancellationToken ct) => await Task.WhenAll(
        SendAsync(client, HttpMethod.Post, "/api/jobs/jdl", "[", i => "\"a\",", ct),
        SendAsync(client, HttpMethod.Post, "/api/jobs/search", """{"search":[""", i => """{"parameter":"JobID","operator":"eq","value":1},""", ct),
        SendAsync(client, HttpMethod.Patch, "/api/jobs/status", "{", i => $$"""
            "{{i}}":{},
            """, ct),
        SendAsync(client, HttpMethod.Patch, "/api/jobs/heartbeat", "{", i => $$"""
            "{{i}}":{},
            """, ct));

    /// <summary>
    /// Sends the body chunked over a raw connection and reads the answer while sending (HttpClient gives up on the
    /// answer when the server stops reading): returns "status route", the sending stopping at the first answer.
    /// </summary>
    private static async Task<string> SendAsync(HttpClient client, HttpMethod method, string url, string prefix, Func<long, string> item,
        CancellationToken ct)
    {
        var token = url == "/api/jobs/jdl" ? s_userToken.Value : client.DefaultRequestHeaders.Authorization!.Parameter;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(client.BaseAddress!.Host, client.BaseAddress.Port, ct);
        using var stream = tcp.GetStream();
        var head = $"{method.Method} {url} HTTP/1.1\r\nHost: {client.BaseAddress.Authority}\r\nAuthorization: Bearer {token}\r\n"
            + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct);
        var answer = Task.Run(async () =>
        {
            var buffer = new byte[4096];
            var text = new StringBuilder();
            while (!text.ToString().Contains("\r\n", StringComparison.Ordinal))
            {
                var n = await stream.ReadAsync(buffer, ct);
                if (n == 0)
                {
                    return "closed without an answer";
                }
                text.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }
            return text.ToString().Split("\r\n")[0].Split(' ')[1];
        }, ct);
        using var body = new GeneratedStream(prefix, item, BodyBytes);
        var chunk = new byte[64 * 1024];
        try
        {
            int n;
            while (!answer.IsCompleted && (n = body.Read(chunk, 0, chunk.Length)) > 0)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"{n:x}\r\n"), ct);
                await stream.WriteAsync(chunk.AsMemory(0, n), ct);
                await stream.WriteAsync("\r\n"u8.ToArray(), ct);
            }
            if (!answer.IsCompleted)
            {
                await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), ct);
            }
        }
        catch (IOException)
        {
            // The server answered and closed the connection while the body was still being sent.
        }
        return $"{await answer.WaitAsync(TimeSpan.FromSeconds(30), ct)} {url}";
    }

    private static async Task WaitUntilReadyAsync(HttpClient client, Process process, StringBuilder output, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            Assert.False(process.HasExited, $"the routers exited: {output}");
            try
            {
                if ((await client.GetAsync("/api/health/ready", ct)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200, ct);
        }
        Assert.Fail($"the routers did not become ready: {output}");
    }

    private static long ResidentBytes(Process process)
    {
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }
        throw new InvalidOperationException("no VmRSS");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A body of <paramref name="length"/> bytes made on the fly: the prefix, then items (never closed).</summary>
    private sealed class GeneratedStream(string prefix, Func<long, string> item, long length) : Stream
    {
        private byte[] _pending = Encoding.UTF8.GetBytes(prefix);
        private int _offset;
        private long _written;
        private long _index;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _written; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var total = 0;
            while (total < count && _written < length)
            {
                if (_offset == _pending.Length)
                {
                    _pending = Encoding.UTF8.GetBytes(item(_index++));
                    _offset = 0;
                }
                var n = (int)Math.Min(Math.Min(count - total, _pending.Length - _offset), length - _written);
                Array.Copy(_pending, _offset, buffer, offset + total, n);
                _offset += n;
                _written += n;
                total += n;
            }
            return total;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
