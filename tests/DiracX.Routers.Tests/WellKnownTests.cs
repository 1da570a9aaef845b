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
}
