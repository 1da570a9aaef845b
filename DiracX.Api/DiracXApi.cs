using DiracX.Api.Jobs;
using DiracX.Api.Sandboxes;
using DiracX.Client;
using DiracX.Client.Settings;

namespace DiracX.Api;

/// <summary>
/// Entry point of the high-level DiracX operations: <c>using var api = DiracXApi.FromEnvironment();
/// await api.Jobs.SubmitAsync([jdl]);</c>.
/// </summary>
public sealed class DiracXApi : IDisposable
{
    private readonly bool _ownsClient;

    /// <summary>Wraps <paramref name="client"/>; <paramref name="sandboxes"/> defaults to the server's sandbox store (<see cref="StoreSandboxClient"/>).</summary>
    public DiracXApi(DiracXClient client, ISandboxClient? sandboxes = null, bool ownsClient = false)
    {
        Client = client;
        _ownsClient = ownsClient;
        Jobs = new JobsApi(client, sandboxes);
    }

    /// <summary>The version of the API library, equal to the client's.</summary>
    public static string Version => DiracXClientInfo.Version;

    /// <summary>The low-level client.</summary>
    public DiracXClient Client { get; }

    /// <summary>Job operations.</summary>
    public JobsApi Jobs { get; }

    /// <summary>The configuration as the server serves it (<c>GET /api/config</c>).</summary>
    public Task<System.Text.Json.Nodes.JsonNode?> GetConfigAsync(CancellationToken cancellationToken = default) =>
        Client.GetJsonAsync("api/config", cancellationToken);

    /// <summary>A client configured from the environment, as <c>dirac</c> is (DIRACX_URL, credentials file, ...).</summary>
    public static DiracXApi FromEnvironment(ISandboxClient? sandboxes = null) =>
        new(DiracXClient.Create(DiracXClientSettings.FromEnvironment()), sandboxes, ownsClient: true);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsClient)
        {
            Client.Dispose();
        }
    }
}
