using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiracX.Bench;

/// <summary>The outcome of a load: operations, errors, wall time and every latency.</summary>
internal sealed class LoadResult(long operations, long errors, double seconds, double[] latenciesMs, string? firstError)
{
    public long Operations { get; } = operations;

    public long Errors { get; } = errors;

    public double Seconds { get; } = seconds;

    public string? FirstError { get; } = firstError;

    public double PerSecond => Operations / Seconds;

    /// <summary>
    /// CPU time the routers process used per request during this load, in microseconds (null for loads that do not go
    /// through the routers). Unlike throughput, it hardly depends on what else runs on the machine.
    /// </summary>
    public double? RoutersCpuUs { get; set; }

    public double P50 => Percentile(0.50);

    public double P99 => Percentile(0.99);

    private double Percentile(double p) =>
        latenciesMs.Length == 0 ? double.NaN : latenciesMs[Math.Min(latenciesMs.Length - 1, (int)(p * latenciesMs.Length))];
}

/// <summary>
/// A closed-loop load generator: N workers each run the operation back to back for a fixed duration (or a fixed count).
/// It shares the machine's cores with the routers and PostgreSQL; the report says so.
/// </summary>
internal static class Load
{
    /// <summary>
    /// An operation returns null on success or an error description. <paramref name="delayBefore"/> paces a load: the
    /// wait it gives before operation n is not part of that operation's latency.
    /// </summary>
    public static async Task<LoadResult> RunAsync(int workers, TimeSpan duration, Func<int, long, Task<string?>> operation, long? totalOperations = null,
        Func<long, TimeSpan>? delayBefore = null)
    {
        var latencies = new List<double>[workers];
        long errors = 0, issued = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<double>(1024);
            while (true)
            {
                var n = Interlocked.Increment(ref issued);
                if (totalOperations is { } total ? n > total : clock.Elapsed >= duration)
                {
                    return;
                }
                if (delayBefore?.Invoke(n) is { } due && due > TimeSpan.Zero)
                {
                    await Task.Delay(due);
                }
                var start = Stopwatch.GetTimestamp();
                string? error;
                try
                {
                    error = await operation(w, n);
                }
                catch (Exception e)
                {
                    error = e.GetType().Name + ": " + e.Message;
                }
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (error is not null)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, error, null);
                }
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        var seconds = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new LoadResult(all.Length, errors, seconds, all, firstError);
    }

    /// <summary>An HTTP client for N concurrent workers (one pooled connection each, no proxy, no decompression).</summary>
    public static HttpClient Client(string baseUrl, int workers) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = Math.Max(workers, 1),
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
    })
    { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };

    /// <summary>Sends, reads the whole body, and returns null for a success status or a short error text.</summary>
    public static async Task<string?> SendAsync(HttpClient client, HttpRequestMessage request, Action<HttpResponseMessage, string>? inspect = null)
    {
        using (request)
        using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead))
        {
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                return $"{(int)response.StatusCode} {request.Method} {request.RequestUri}: {body[..Math.Min(body.Length, 300)]}";
            }
            inspect?.Invoke(response, body);
            return null;
        }
    }
}

/// <summary>
/// A tiny Kestrel app inside the bench: the "plain Kestrel JSON endpoint" raw ceiling for the userinfo floor, and an
/// OTLP/HTTP sink so that the routers export their telemetry somewhere, as deployed.
/// </summary>
internal sealed class SideServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _otlpRequests;

    private SideServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public long OtlpRequests => Interlocked.Read(ref _otlpRequests);

    public static async Task<SideServer> StartAsync()
    {
        var port = Testing.FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var server = new SideServer(app, $"http://127.0.0.1:{port}");
        var payload = new Dictionary<string, object>
        {
            ["sub"] = "lhcb:b824d4dc-1f9d-4ee8-8df5-c0ae55d46041",
            ["vo"] = "lhcb",
            ["dirac_group"] = "lhcb_user",
            ["policies"] = new Dictionary<string, object>(),
            ["properties"] = new[] { "NormalUser", "PrivateLimitedDelegation" },
            ["preferred_username"] = "chaen",
        };
        app.MapGet("/json", () => Results.Json(payload));
        app.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            Interlocked.Increment(ref server._otlpRequests);
            await context.Request.Body.CopyToAsync(Stream.Null);
            context.Response.ContentType = "application/x-protobuf";
            return Results.Ok();
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
