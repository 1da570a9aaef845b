using System.Net;
using System.Net.Http.Json;
using DiracX.Routers.Infrastructure.Access;
using DiracX.Routers.Infrastructure.Hosting;
using DiracX.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DiracX.Routers.Tests;

public class AccessPolicyTests(RoutersFixture fixture) : IClassFixture<RoutersFixture>
{
    private static readonly TestIdentity s_sensei = TestIdentity.NormalUser with { Properties = ["NormalUser", "GubbinsSensei"] };

    [Fact]
    public void Every_endpoint_declares_its_access()
    {
        var endpoints = fixture.App.Services.GetRequiredService<EndpointDataSource>();
        Assert.NotEmpty(endpoints.Endpoints);
        Assert.Empty(AccessDeclarations.FindUndeclared(endpoints.Endpoints));
    }

    [Fact]
    public async Task The_enumeration_catches_an_endpoint_mapped_outside_the_registry()
    {
        using var keystore = TestKeystore.CreateEd25519();
        var builder = DiracXRouters.CreateBuilder([], DiracXModules.BuiltIn, b =>
        {
            b.WebHost.UseTestServer();
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["DiracX:Auth:TokenIssuer"] = keystore.Settings.TokenIssuer,
                ["DiracX:Auth:TokenKeystore"] = keystore.JwksJson,
                ["DiracX:Auth:StateKey"] = keystore.Settings.StateKey,
            });
        });
        await using var app = builder.BuildDiracX();
        app.MapGet("/api/sneaky", () => "no declared access");
        var undeclared = AccessDeclarations.FindUndeclared(((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints));
        Assert.Equal("GET /api/sneaky", Assert.Single(undeclared));
    }

    [Fact]
    public async Task A_policy_allows_whom_it_allows()
    {
        var response = await fixture.App.CreateClient(s_sensei).GetAsync("/api/lollygag/sensei", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_policy_refuses_with_403_and_its_message()
    {
        var response = await fixture.App.CreateClient(TestIdentity.NormalUser).GetAsync("/api/lollygag/sensei", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("""{"detail":"Streng verboten !!"}""", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_extension_replacement_of_a_policy_is_what_routes_receive()
    {
        var gridppSensei = TestIdentity.OtherVoUser with { Properties = ["NormalUser", "GubbinsSensei"] };
        var response = await fixture.App.CreateClient(gridppSensei).GetAsync("/api/lollygag/sensei", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("""{"detail":"No gridpp sensei here"}""", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_route_that_never_invokes_its_policy_fails_and_writes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await fixture.App.CreateClient(s_sensei).PostAsync("/api/lollygag/forgetful", null, ct);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var owners = await fixture.Client.GetFromJsonAsync<string[]>("/api/lollygag/owners", ct);
        Assert.DoesNotContain("forgetful", owners!);
    }

    [Fact]
    public async Task A_policy_route_without_a_token_is_401_before_anything_else()
    {
        var response = await fixture.Client.PostAsync("/api/lollygag/forgetful", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
