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
public sealed class GubbinsClient(DiracXClient diracx) : IDisposable
{
    /// <summary>Creates the client as DiracX's <see cref="DiracXClient.Create(DiracXClientSettings, HttpMessageHandler?)"/> does.</summary>
    public static GubbinsClient Create(DiracXClientSettings settings, HttpMessageHandler? innerHandler = null) =>
        new(DiracXClient.Create(settings, innerHandler));

    /// <summary>DiracX's own operations.</summary>
    public DiracXClient DiracX { get; } = diracx;

    /// <summary>The <c>/api/lollygag</c> operations.</summary>
    public ILollygagClient Lollygag { get; } = new LollygagClient(diracx.Http);

    public void Dispose() => DiracX.Dispose();
}
