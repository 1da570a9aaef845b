using System.Net.Http.Json;
using DiracX.Client;
using DiracX.Client.Operations;
using DiracX.Client.Settings;

namespace Gubbins.Client;

/// <summary>
/// Gubbins' client (DiracX's gubbins-client): everything <see cref="DiracXClient"/> offers, through
/// <see cref="DiracX"/>, plus <see cref="Lollygag"/> over the same authenticated HttpClient (version header, token refresh).
/// </summary>
public sealed class GubbinsClient(DiracXClient diracx) : IDisposable
{
    /// <summary>Creates the client as DiracX's <see cref="DiracXClient.Create(DiracXClientSettings, HttpMessageHandler?)"/> does.</summary>
    public static GubbinsClient Create(DiracXClientSettings settings, HttpMessageHandler? innerHandler = null) =>
        new(DiracXClient.Create(settings, innerHandler));

    /// <summary>DiracX's own operations.</summary>
    public DiracXClient DiracX { get; } = diracx;

    /// <summary>The <c>/api/lollygag</c> operations.</summary>
    public LollygagClient Lollygag { get; } = new(diracx.Http);

    public void Dispose() => DiracX.Dispose();
}

/// <summary>The <c>/api/lollygag</c> routes.</summary>
public sealed class LollygagClient(HttpClient http)
{
    public async Task<int> InsertOwnerAsync(string ownerName, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsync(new Uri($"api/lollygag/insert_owner/{Uri.EscapeDataString(ownerName)}", UriKind.Relative), null,
            cancellationToken).ConfigureAwait(false);
        var body = await ReadAsync<Dictionary<string, int>>(response, cancellationToken).ConfigureAwait(false);
        return body["OwnerID"];
    }

    public async Task<IReadOnlyList<string>> GetOwnersAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(new Uri("api/lollygag/get_owners", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        return await ReadAsync<List<string>>(response, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> SenseiAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(new Uri("api/lollygag/gubbins_sensei", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        return await ReadAsync<string>(response, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await DiracXErrors.EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return (await response.Content.ReadFromJsonAsync<T>(cancellationToken).ConfigureAwait(false))!;
    }
}
