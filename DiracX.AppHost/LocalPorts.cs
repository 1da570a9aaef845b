using System.Net;
using Microsoft.Extensions.Configuration;
using System.Net.Sockets;

namespace DiracX.AppHost;

/// <summary>
/// The fixed ports of a local run (configuration <c>DiracX:Ports:Routers</c>, default 8000, and
/// <c>DiracX:Ports:DevIdp</c>, default 8180). A port already in use stops the AppHost before anything starts: Aspire's
/// proxy would otherwise leave the service unreachable at the announced URL while the console says it started.
/// </summary>
public sealed record LocalPorts(int Routers, int DevIdp)
{
    /// <summary>The routers' default port (DiracX's).</summary>
    public const int DefaultRouters = 8000;

    /// <summary>The DevIdp's default port.</summary>
    public const int DefaultDevIdp = 8180;

    /// <summary>
    /// Reads the ports; unless ports are randomized (Aspire.Hosting.Testing), checks that each is free on the loopback
    /// interface and throws an <see cref="InvalidOperationException"/> naming the setting otherwise.
    /// </summary>
    public static LocalPorts Resolve(IDistributedApplicationBuilder builder, bool checkFree)
    {
        var ports = new LocalPorts(Read(builder, "DiracX:Ports:Routers", DefaultRouters), Read(builder, "DiracX:Ports:DevIdp", DefaultDevIdp));
        if (ports.Routers == ports.DevIdp)
        {
            throw new InvalidOperationException($"DiracX:Ports:Routers and DiracX:Ports:DevIdp are both {ports.Routers}: give them different ports.");
        }
        if (checkFree)
        {
            RequireFree("DiracX:Ports:Routers", ports.Routers);
            RequireFree("DiracX:Ports:DevIdp", ports.DevIdp);
        }
        return ports;
    }

    /// <summary>True when Aspire gives every endpoint a random port (the testing builder does).</summary>
    public static bool Randomized(IDistributedApplicationBuilder builder) =>
        builder.Configuration.GetValue("DcpPublisher:RandomizePorts", false);

    private static int Read(IDistributedApplicationBuilder builder, string key, int fallback)
    {
        var value = builder.Configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }
        return int.TryParse(value, out var port) && port is > 0 and < 65536 ? port
            : throw new InvalidOperationException($"{key} is '{value}', which is not a TCP port (1-65535).");
    }

    private static void RequireFree(string key, int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
        }
        catch (SocketException)
        {
            throw new InvalidOperationException(
                $"{key}: port {port} is already in use (another program, or another AppHost): stop it or choose another port with --{key}=<port>.");
        }
    }
}
