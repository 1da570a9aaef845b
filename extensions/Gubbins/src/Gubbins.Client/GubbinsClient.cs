using DiracX.Client;
using DiracX.Client.Settings;
using Gubbins.Client.Generated;

namespace Gubbins.Client;

/// <summary>
/// Gubbins' client (DiracX's gubbins-client): everything <see cref="DiracXClient"/> offers, through
/// <see cref="DiracX"/>, plus the <c>/api/lollygag</c> operations, generated at build from Gubbins' OpenAPI document
/// (<see cref="LollygagClient"/>), sent through DiracX's authenticated HttpClient (client version header, bearer
/// token and its refresh). Their errors are DiracX's <c>DiracXApiException</c>.
/// </summary>
public sealed class GubbinsClient : IDisposable
{
    // Only a client made by Create owns its DiracXClient: one given to the constructor (by the DI container, say)
    // belongs to whoever made it, and disposing it here would break the other users of that instance.
    private readonly bool _ownsDiracX;

    /// <summary>Wraps a DiracX client that the caller owns (and disposes).</summary>
    public GubbinsClient(DiracXClient diracx) : this(diracx, ownsDiracX: false)
    {
    }

    private GubbinsClient(DiracXClient diracx, bool ownsDiracX)
    {
        ArgumentNullException.ThrowIfNull(diracx);
        DiracX = diracx;
        Lollygag = new LollygagClient(diracx.Http);
        _ownsDiracX = ownsDiracX;
    }

    /// <summary>Creates the client, and the DiracX client it owns, as DiracX's <see cref="DiracXClient.Create(DiracXClientSettings, HttpMessageHandler?)"/> does.</summary>
    public static GubbinsClient Create(DiracXClientSettings settings, HttpMessageHandler? innerHandler = null) =>
        new(DiracXClient.Create(settings, innerHandler), ownsDiracX: true);

    /// <summary>DiracX's own operations.</summary>
    public DiracXClient DiracX { get; }

    /// <summary>The <c>/api/lollygag</c> operations.</summary>
    public ILollygagClient Lollygag { get; }

    /// <summary>Disposes the DiracX client when this client created it (<see cref="Create"/>).</summary>
    public void Dispose()
    {
        if (_ownsDiracX)
        {
            DiracX.Dispose();
        }
    }
}
