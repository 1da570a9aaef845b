using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DiracX.Testing;

namespace DiracX.Routers.Tests;

/// <summary><c>GET /api/config/</c> from a real git repository, with DiracX's ETag and 304 rules (inventory 2.2).</summary>
public class ConfigRouteTests(RoutersFixture fixture) : IClassFixture<RoutersFixture>
{
    private HttpClient User => fixture.App.CreateClient(TestIdentity.NormalUser);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> HeadRevisionAsync() => (await fixture.App.Config!.GitAsync(Ct, "rev-parse", "HEAD")).Trim();

    [Fact]
    public async Task The_config_needs_a_token()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Client.GetAsync("/api/config/", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_config_is_served_with_the_commit_as_etag_and_its_time_as_last_modified()
    {
        var response = await User.GetAsync("/api/config/", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(await HeadRevisionAsync(), Assert.Single(response.Headers.GetValues("ETag")));
        Assert.NotNull(response.Content.Headers.LastModified);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("chaen", json.RootElement.GetProperty("Registry").GetProperty("lhcb").GetProperty("Users")
            .GetProperty(TestIdentity.NormalUser.IdpSubject).GetProperty("PreferedUsername").GetString());
        Assert.True(json.RootElement.GetProperty("Operations").TryGetProperty("gridpp", out _));
    }

    [Theory]
    [InlineData("{0}", true)]
    [InlineData("\"{0}\"", true)]
    [InlineData("W/\"{0}\"", true)]
    [InlineData("\"other\", \"{0}\"", true)]
    [InlineData("\"other\"", false)]
    public async Task If_none_match_naming_the_commit_is_304(string header, bool notModified)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/config/");
        request.Headers.TryAddWithoutValidation("If-None-Match", string.Format(System.Globalization.CultureInfo.InvariantCulture, header, await HeadRevisionAsync()));
        var response = await User.SendAsync(request, Ct);
        Assert.Equal(notModified ? HttpStatusCode.NotModified : HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("ETag"));
        if (notModified)
        {
            Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
        }
    }

    [Fact]
    public async Task A_stale_etag_falls_through_to_if_modified_since()
    {
        var modified = (await User.GetAsync("/api/config/", Ct)).Content.Headers.LastModified!.Value;
        foreach (var (since, expected) in new[]
        {
            (modified.AddDays(1).ToString("r"), HttpStatusCode.NotModified),
            (modified.AddDays(-1).ToString("r"), HttpStatusCode.OK),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/config/");
            request.Headers.TryAddWithoutValidation("If-None-Match", "\"0000000000000000000000000000000000000000\"");
            request.Headers.TryAddWithoutValidation("If-Modified-Since", since);
            Assert.Equal(expected, (await User.SendAsync(request, Ct)).StatusCode);
        }
    }

    [Fact]
    public async Task If_modified_since_follows_DiracX_strictly_later_rule()
    {
        var modified = (await User.GetAsync("/api/config/", Ct)).Content.Headers.LastModified!.Value;
        foreach (var (since, expected) in new[]
        {
            (modified.AddSeconds(1).ToString("r"), HttpStatusCode.NotModified),
            (modified.ToString("r"), HttpStatusCode.OK),
            (modified.AddDays(-1).ToString("r"), HttpStatusCode.OK),
            ("not a date", HttpStatusCode.OK),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/config/");
            request.Headers.TryAddWithoutValidation("If-Modified-Since", since);
            Assert.Equal(expected, (await User.SendAsync(request, Ct)).StatusCode);
        }
    }
}

/// <summary>Configuration reloads, in a class of their own: they change the repository under the app.</summary>
public class ConfigReloadTests(RoutersFixture fixture) : IClassFixture<RoutersFixture>
{
    private HttpClient User => fixture.App.CreateClient(TestIdentity.NormalUser);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_commit_is_served_within_seconds_and_an_invalid_one_is_ignored()
    {
        var repo = fixture.App.Config!;
        var next = await repo.CommitAsync(TestConfigs.Default.Replace("Contact the lhcb support", "New support message", StringComparison.Ordinal), "new message", Ct);
        await WaitForEtagAsync(next);
        await repo.CommitAsync("Registry: {this is: [not valid", "broken", Ct);
        await Task.Delay(TimeSpan.FromSeconds(6), Ct);
        var response = await User.GetAsync("/api/config/", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(next, Assert.Single(response.Headers.GetValues("ETag")));
    }

    private async Task WaitForEtagAsync(string revision)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var response = await User.GetAsync("/api/config/", Ct);
            if (response.Headers.ETag?.Tag == revision || response.Headers.GetValues("ETag").Single() == revision)
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, "the new commit was not served within 20 s");
            await Task.Delay(500, Ct);
        }
    }
}
