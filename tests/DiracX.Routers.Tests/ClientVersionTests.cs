using System.Net;
using DiracX.Core;

namespace DiracX.Routers.Tests;

public class ClientVersionTests(RoutersFixture fixture) : IClassFixture<RoutersFixture>
{
    private async Task<HttpResponseMessage> GetWithVersionAsync(string? version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/lollygag/motto");
        if (version is not null)
        {
            request.Headers.TryAddWithoutValidation("DiracX-Client-Version", version);
        }
        return await fixture.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0.4.0a1")]
    [InlineData("0.3.1.dev12+gabc")]
    [InlineData("0.0.5")]
    [InlineData("1.0")]
    public async Task Recent_or_absent_versions_are_served(string? version)
    {
        var response = await GetWithVersionAsync(version);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(DiracXVersion.Current, Assert.Single(response.Headers.GetValues("DiracX-Server-Version")));
    }

    [Theory]
    [InlineData("0.0.1")] // above DiracX's 0.0.1a1 but below the 0.0.5 that the extension requires
    [InlineData("0.0.5.dev3")]
    [InlineData("0.0.5rc1")]
    public async Task Versions_below_the_extension_minimum_are_refused_with_DiracX_message(string version)
    {
        var response = await GetWithVersionAsync(version);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($$"""{"detail":"Client version {{version}} is not compatible with the server. Upgrade to a version >= 0.0.5."}""",
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(response.Headers.Contains("DiracX-Server-Version"));
    }

    [Theory]
    [InlineData("Unknown")]
    [InlineData("1.0-beta-final")]
    [InlineData("0.1.0; DROP TABLE Jobs")]
    public async Task Unparsable_versions_are_refused(string version)
    {
        var response = await GetWithVersionAsync(version);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($$"""{"detail":"Invalid version string: '{{version}}'"}""",
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_check_applies_to_unknown_paths_too()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/nowhere");
        request.Headers.TryAddWithoutValidation("DiracX-Client-Version", "0.0.0");
        var response = await fixture.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
