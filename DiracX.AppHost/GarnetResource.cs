using Microsoft.Extensions.Logging;
using System.Net;
using System.Net.Sockets;
using Garnet;
using Microsoft.Extensions.DependencyInjection;

namespace DiracX.AppHost;

/// <summary>
/// Microsoft Garnet (a Redis-compatible server) hosted inside the AppHost process, for machines without redis-server.
/// It listens on a loopback port chosen when the AppHost starts and stops with the AppHost.
/// </summary>
public sealed class GarnetResource(string name, int port) : Resource(name), IResourceWithConnectionString, IDisposable
{
    private GarnetServer? _server;

    /// <summary>The loopback port Garnet listens on.</summary>
    public int Port { get; } = port;

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"127.0.0.1:{Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    /// <summary>Starts the server (Lua on, so that scripts behave as on Redis).</summary>
    public void Start()
    {
        _server ??= new GarnetServer(["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--lua"]);
        _server.Start();
    }

    /// <inheritdoc />
    public void Dispose() => _server?.Dispose();
}

/// <summary>Adds Garnet as a resource of the AppHost.</summary>
public static class GarnetResourceExtensions
{
    /// <summary>Adds <paramref name="name"/>: Garnet starts when the application starts and is reported as running.</summary>
    public static IResourceBuilder<GarnetResource> AddGarnet(this IDistributedApplicationBuilder builder, string name)
    {
        var garnet = new GarnetResource(name, FreeLoopbackPort());
        builder.Services.AddSingleton(garnet); // disposed, and so stopped, with the AppHost
        builder.Eventing.Subscribe<InitializeResourceEvent>(garnet, async (e, ct) =>
        {
            try
            {
                garnet.Start();
            }
            catch (Exception error)
            {
                await e.Notifications.PublishUpdateAsync(garnet, s => s with { State = KnownResourceStates.FailedToStart });
                e.Logger.LogError(error, "Garnet could not start on port {Port}", garnet.Port);
                return;
            }
            await e.Eventing.PublishAsync(new ConnectionStringAvailableEvent(garnet, e.Services), ct);
            await e.Eventing.PublishAsync(new BeforeResourceStartedEvent(garnet, e.Services), ct);
            await e.Notifications.PublishUpdateAsync(garnet, s => s with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = TimeProvider.System.GetUtcNow().UtcDateTime,
                Urls = [new UrlSnapshot("tcp", $"tcp://127.0.0.1:{garnet.Port}", IsInternal: false)],
            });
        });
        return builder.AddResource(garnet)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "Garnet",
                State = KnownResourceStates.NotStarted,
                Properties = [new ResourcePropertySnapshot("Port", garnet.Port)],
            });
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
