using System.Security.Cryptography;
using System.Text;
using DiracX.DevIdp;
using DiracX.Routers.Infrastructure.Hosting;
using DiracX.Testing;

namespace DiracX.Routers.Tests.Auth;

/// <summary>
/// DiracX's routers with a real identity provider (DiracX.DevIdp on a loopback port): the configuration committed to
/// the test repository names the DevIdp's URL and client id for both VOs. One app per test class.
/// </summary>
public class AuthFixture : IAsyncLifetime
{
    /// <summary>The client redirect URI allowed for the authorization-code flow.</summary>
    public const string ClientRedirectUri = "http://diracx.test.invalid:8000/api/docs/oauth2-redirect";

    /// <summary>The legacy exchange secret (its SHA-256 is configured).</summary>
    public static readonly byte[] LegacySecret = Encoding.ASCII.GetBytes("legacy-exchange-secret-for-tests");

    public static DevIdpUser Chaen { get; } = User("chaen", TestIdentity.NormalUser.IdpSubject);
    public static DevIdpUser Albdr { get; } = User("albdr", TestIdentity.Admin.IdpSubject);
    public static DevIdpUser Alice { get; } = User("alice", TestIdentity.OtherVoUser.IdpSubject);
    public static DevIdpUser Stranger { get; } = User("stranger", "d0d0d0d0-0000-4000-8000-000000000000");

    public DevIdpTestServer Idp { get; private set; } = null!;
    public TestConfigRepository Config { get; private set; } = null!;
    public DiracXTestApp App { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Idp = await DevIdpTestServer.StartAsync(new DevIdpOptions
        {
            RedirectUris = ["http://localhost/api/auth/device/complete", "http://localhost/api/auth/authorize/complete"],
            Users = [Chaen, Albdr, Alice, Stranger],
        }, ct);
        (Config, _) = await TestConfigRepository.CreateAsync(ConfigYaml(TestConfigs.Default), ct);
        var settings = new Dictionary<string, string?>
        {
            ["DiracX:Config:BackendUrl"] = Config.Url,
            ["DiracX:Auth:AllowedRedirects:0"] = ClientRedirectUri,
        };
        foreach (var (k, v) in ExtraSettings)
        {
            settings[k] = v;
        }
        App = await DiracXTestApp.StartAsync(DiracXModules.BuiltIn, settings, cancellationToken: ct);
        Client = App.CreateClient();
    }

    /// <summary>Settings of the app beyond the defaults.</summary>
    protected virtual IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["DiracX:Auth:LegacyExchangeHashedApiKey"] = Convert.ToHexStringLower(SHA256.HashData(LegacySecret)),
    };

    /// <summary>A configuration whose VOs name the DevIdp (URL without trailing slash, its client id).</summary>
    public string ConfigYaml(string yaml) => yaml
        .Replace(TestConfigs.IdpUrl, Idp.Url.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)
        .Replace("ClientID: test-idp-gridpp", $"ClientID: {Idp.ClientId}", StringComparison.Ordinal)
        .Replace("ClientID: test-idp}", $"ClientID: {Idp.ClientId}}}", StringComparison.Ordinal);

    private static DevIdpUser User(string name, string subject) =>
        new() { Username = name, Password = "secret-" + name, Subject = subject, Email = $"{name}@example.org" };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        await Idp.DisposeAsync();
        Config.Dispose();
        GC.SuppressFinalize(this);
    }
}
