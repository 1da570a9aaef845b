using System.Net;
using System.Net.Sockets;

namespace DiracX.Testing;

/// <summary>Finds loopback ports that nothing listens on.</summary>
public static class FreePort
{
    /// <summary>Asks the kernel for a free port on 127.0.0.1. The port is free when this returns, not guaranteed after.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
