using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DiracX.Testing;

namespace DiracX.Routers.Tests;

/// <summary>The remaining extension seams: security properties, configuration fields, database services, the docs page.</summary>
public class ExtensionSeamTests(RoutersFixture fixture) : IClassFixture<RoutersFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_extension_property_is_known_to_the_installation()
    {
        using var doc = JsonDocument.Parse(await fixture.Client.GetStringAsync("/.well-known/openid-configuration", Ct));
        Assert.Contains("property:GubbinsSensei", doc.RootElement.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task An_extension_configuration_field_is_accepted_and_served()
    {
        var repo = fixture.App.Config!;
        var yaml = TestConfigs.Default.Replace("{PreferedUsername: chaen, Email: chaen@lhcb.example}",
            "{PreferedUsername: chaen, Email: chaen@lhcb.example, GubbinsSpecificInfo: sensei-of-the-month}", StringComparison.Ordinal);
        var revision = await repo.CommitAsync(yaml, "extension field", Ct);
        var user = fixture.App.CreateClient(TestIdentity.NormalUser);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var response = await user.GetAsync("/api/config/", Ct);
            if (response.Headers.GetValues("ETag").Single() == revision)
            {
                using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
                Assert.Equal("sensei-of-the-month", doc.RootElement.GetProperty("Registry").GetProperty("lhcb").GetProperty("Users")
                    .GetProperty(TestIdentity.NormalUser.IdpSubject).GetProperty("GubbinsSpecificInfo").GetString());
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, "the configuration with the extension field was not served (refused as invalid?)");
            await Task.Delay(500, Ct);
        }
    }

    [Fact]
    public async Task The_extension_replacement_of_a_database_service_is_what_routes_receive()
    {
        var client = fixture.App.CreateClient(TestIdentity.NormalUser);
        var submitted = await client.PostAsJsonAsync("/api/jobs/jdl", new[] { "Executable = \"echo\";" }, Ct);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement[]>(Ct))![0].GetProperty("JobID").GetInt64();
        using var parameters = JsonDocument.Parse(await client.GetStringAsync($"/api/jobs/{id}/parameters", Ct));
        Assert.True(parameters.RootElement.GetProperty("LollygagSeen").GetBoolean());
    }

    [Fact]
    public async Task The_docs_page_offers_PKCE_login_against_the_document()
    {
        var page = await fixture.Client.GetAsync("/api/docs/index.html", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var config = await fixture.Client.GetStringAsync("/api/docs/index.js", Ct);
        Assert.Contains("/api/openapi.json", config, StringComparison.Ordinal);
        Assert.Contains("usePkceWithAuthorizationCodeGrant", config, StringComparison.Ordinal);
    }
}
