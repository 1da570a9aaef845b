namespace DiracX.Routers.Hardening;

/// <summary>
/// Endpoint metadata: the largest body the route can accept, computed once from the settings (its job and id limits).
/// <see cref="Infrastructure.Middleware.RequestSizeMiddleware"/> applies it (never above <c>DiracX:Http:MaxRequestBodyBytes</c>), so a
/// streamed body is cut off by the server as soon as it passes what the route could ever use.
/// </summary>
public sealed class RequestBodyLimit(Func<IServiceProvider, long> compute)
{
    private long _bytes = -1;

    /// <summary>The limit in bytes.</summary>
    public long Bytes(IServiceProvider services)
    {
        var bytes = Volatile.Read(ref _bytes);
        if (bytes < 0)
        {
            bytes = Math.Max(0, compute(services));
            Volatile.Write(ref _bytes, bytes);
        }
        return bytes;
    }
}
