using System.Diagnostics;
using System.Net.Sockets;
using Garnet;

namespace DiracX.Testing;

/// <summary>
/// A Redis-compatible server for tests. <c>DIRACX_TEST_REDIS</c> (host:port) points at an existing one; otherwise
/// <c>redis-server</c> is started on a free port when it is on PATH, and Microsoft Garnet is hosted in this process
/// when it is not. One server per test process.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    /// <summary>The environment variable that points the tests at an existing server.</summary>
    public const string ConnectionStringVariable = "DIRACX_TEST_REDIS";

    private static readonly ProcessWide<RedisServer> s_shared = new(StartAsync);

    private readonly Process? _process;
    private readonly GarnetServer? _garnet;

    private RedisServer(string connectionString, string kind, Process? process, GarnetServer? garnet)
    {
        ConnectionString = connectionString;
        Kind = kind;
        _process = process;
        _garnet = garnet;
    }

    /// <summary>A StackExchange.Redis connection string (<c>host:port</c>).</summary>
    public string ConnectionString { get; }

    /// <summary>Which server this is: <c>external</c>, <c>redis-server</c> or <c>garnet</c>.</summary>
    public string Kind { get; }

    /// <summary>Returns the server shared by every test of this process, starting it on first use.</summary>
    public static Task<RedisServer> GetSharedAsync(CancellationToken cancellationToken = default) => s_shared.GetAsync(cancellationToken);

    private static async Task<RedisServer> StartAsync(CancellationToken cancellationToken)
    {
        var external = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new RedisServer(external, "external", null, null);
        }
        var port = FreePort.Next();
        var redisServer = ExternalProcess.Find("redis-server");
        if (redisServer is not null)
        {
            var psi = new ProcessStartInfo(redisServer)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var a in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
            {
                psi.ArgumentList.Add(a);
            }
            var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start redis-server");
            await WaitForPortAsync(port, cancellationToken);
            return new RedisServer($"127.0.0.1:{port}", "redis-server", process, null);
        }
        // Lua is on so that scripts (locks, rate limits) behave as on Redis.
        var garnet = new GarnetServer(["--port", port.ToString(), "--bind", "127.0.0.1", "--lua"]);
        garnet.Start();
        await WaitForPortAsync(port, cancellationToken);
        return new RedisServer($"127.0.0.1:{port}", "garnet", null, garnet);
    }

    private static async Task WaitForPortAsync(int port, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, cancellationToken);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    /// <summary>Stops the server if this process started it.</summary>
    public ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        _process?.Dispose();
        _garnet?.Dispose();
        return ValueTask.CompletedTask;
    }
}
