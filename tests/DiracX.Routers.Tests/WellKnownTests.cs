using System.Net.Http.Json;
using System.Text.Json;

namespace DiracX.Routers.Tests;

public class WellKnownTests(RoutersFixture fixture) : IClassFixture<RoutersFixture>
{
    [Fact]
    public async Task The_jwks_has_the_public_keys_only()
    {
        var text = await fixture.Client.GetStringAsync("/.well-known/jwks.json", TestContext.Current.CancellationToken);
        using var jwks = JsonDocument.Parse(text);
        var key = Assert.Single(jwks.RootElement.GetProperty("keys").EnumerateArray());
        Assert.Equal(fixture.App.Keystore.Keystore.SigningKeyId, key.GetProperty("kid").GetString());
        foreach (var secret in new[] { "d", "p", "q", "dp", "dq", "qi" })
        {
            Assert.False(key.TryGetProperty(secret, out _), $"private member {secret} leaked");
        }
    }

    [Fact]
    public async Task Security_txt_is_a_json_string_with_a_future_expiry()
    {
        var text = await fixture.Client.GetFromJsonAsync<string>("/.well-known/security.txt", TestContext.Current.CancellationToken);
        Assert.StartsWith("Contact: https://github.com/DIRACGrid/diracx/security/advisories/new\n", text, StringComparison.Ordinal);
        var expires = DateTimeOffset.Parse(text!.Split('\n')[1]["Expires: ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(expires > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task The_installation_metadata_lists_each_VO_with_sorted_properties_and_the_version()
    {
        using var doc = JsonDocument.Parse(await fixture.Client.GetStringAsync("/.well-known/dirac-metadata", TestContext.Current.CancellationToken));
        var lhcb = doc.RootElement.GetProperty("virtual_organizations").GetProperty("lhcb");
        Assert.Equal("lhcb_user", lhcb.GetProperty("default_group").GetString());
        Assert.Equal(["NormalUser", "PrivateLimitedDelegation"],
            lhcb.GetProperty("groups").GetProperty("lhcb_user").GetProperty("properties").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Contact the lhcb support", lhcb.GetProperty("support").GetProperty("message").GetString());
        Assert.Equal(Core.DiracXVersion.Current, doc.RootElement.GetProperty("versions").GetProperty("diracx").GetString());
        Assert.True(doc.RootElement.GetProperty("virtual_organizations").TryGetProperty("gridpp", out _));
    }

    [Fact]
    public async Task The_openid_configuration_names_the_endpoints_scopes_and_algorithms()
    {
        using var doc = JsonDocument.Parse(await fixture.Client.GetStringAsync("/.well-known/openid-configuration", TestContext.Current.CancellationToken));
        var root = doc.RootElement;
        Assert.Equal(fixture.App.Keystore.Settings.TokenIssuer, root.GetProperty("issuer").GetString());
        Assert.EndsWith("/api/auth/device", root.GetProperty("device_authorization_endpoint").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("/.well-known/jwks.json", root.GetProperty("jwks_uri").GetString(), StringComparison.Ordinal);
        var scopes = root.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("vo:lhcb", scopes);
        Assert.Contains("group:lhcb_prmgr", scopes);
        Assert.Contains("property:JobAdministrator", scopes);
        Assert.Equal(["S256"], root.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
    }
}
