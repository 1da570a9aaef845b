using System.Net;
using System.Net.Http.Json;
using System.Text;
using DiracX.Logic.Auth;
using DiracX.Testing;
using static DiracX.Routers.Tests.Auth.AuthFlows;

namespace DiracX.Routers.Tests.Auth;

/// <summary>An app whose configuration the tests change (and without the legacy exchange key).</summary>
public sealed class ConfigChangeFixture : AuthFixture
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();
}

/// <summary>Registry changes committed at run time take effect without restart: at the next refresh, at the next login.</summary>
public class ConfigChangeTests(ConfigChangeFixture fixture) : IClassFixture<ConfigChangeFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private HttpClient Client => fixture.Client;
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Removing_a_user_from_the_registry_takes_effect_at_the_next_refresh()
    {
        await fixture.Config.CommitAsync(fixture.ConfigYaml(TestConfigs.Default), "Restore", Ct);
        var tokens = await DeviceTokensAsync(Client, "vo:lhcb", AuthFixture.Chaen);
        var normal = TestIdentity.NormalUser.IdpSubject;
        var withoutChaen = string.Join('\n', TestConfigs.Default.Split('\n').Where(l => !l.Contains($"{normal}: {{PreferedUsername", StringComparison.Ordinal)))
            .Replace($"Users: [{normal}, {TestIdentity.Admin.IdpSubject}]", $"Users: [{TestIdentity.Admin.IdpSubject}]", StringComparison.Ordinal)
            .Replace($"Users: [{normal}]", "Users: []", StringComparison.Ordinal);
        Assert.DoesNotContain(normal, withoutChaen, StringComparison.Ordinal);
        await fixture.Config.CommitAsync(fixture.ConfigYaml(withoutChaen), "Remove chaen", Ct);

        var refreshToken = tokens.RefreshToken!;
        var start = DateTime.UtcNow;
        while (true)
        {
            using var response = await RefreshAsync(Client, refreshToken);
            if (response.StatusCode == HttpStatusCode.Forbidden)
            {
                Assert.Contains("not registered", await DetailAsync(response), StringComparison.Ordinal);
                break;
            }
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(DateTime.UtcNow - start < s_deadline, "the removal never took effect");
            refreshToken = (await response.Content.ReadFromJsonAsync<TokenResponse>(Ct))!.RefreshToken!;
            await Task.Delay(500, Ct);
        }
    }

    [Fact]
    public async Task A_vo_added_by_a_commit_can_log_in_without_restart()
    {
        var idp = fixture.Idp;
        var newVo = new StringBuilder()
            .AppendLine("  newvo:")
            .AppendLine($"    IdP: {{URL: {idp.Url.GetLeftPart(UriPartial.Authority)}, ClientID: {idp.ClientId}}}")
            .AppendLine("    DefaultGroup: newvo_user")
            .AppendLine("    Users:")
            .AppendLine($"      {AuthFixture.Chaen.Subject}: {{PreferedUsername: newbie}}")
            .AppendLine("    Groups:")
            .AppendLine("      newvo_user:")
            .AppendLine("        Properties: [NormalUser]")
            .AppendLine($"        Users: [{AuthFixture.Chaen.Subject}]")
            .ToString();
        var yaml = fixture.ConfigYaml(TestConfigs.Default).Replace("Operations:", newVo + "Operations:", StringComparison.Ordinal);
        await fixture.Config.CommitAsync(yaml, "Add newvo", Ct);

        var start = DateTime.UtcNow;
        while (true)
        {
            using var probe = await Client.PostAsync(Url("/api/auth/device", ("client_id", ClientId), ("scope", "vo:newvo")), null, Ct);
            if (probe.StatusCode == HttpStatusCode.OK)
            {
                break;
            }
            Assert.Equal("VO newvo is not known to this installation", await DetailAsync(probe));
            Assert.True(DateTime.UtcNow - start < s_deadline, "the new VO never appeared");
            await Task.Delay(500, Ct);
        }
        var tokens = await DeviceTokensAsync(Client, "vo:newvo", AuthFixture.Chaen);
        Assert.Equal("newvo", Claims(tokens.AccessToken).GetProperty("vo").GetString());
        Assert.Equal("newbie", Claims(tokens.AccessToken).GetProperty("preferred_username").GetString());
    }

    [Fact]
    public async Task The_legacy_exchange_is_503_when_its_key_is_not_set()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url("/api/auth/legacy-exchange", ("preferred_username", "chaen"), ("scope", "vo:lhcb")));
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer diracx:legacy:c2VjcmV0");
        using var response = await Client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Legacy exchange is not enabled", await DetailAsync(response));
    }

    [Fact]
    public async Task An_unreachable_identity_provider_is_502()
    {
        var deadVo = new StringBuilder()
            .AppendLine("  deadvo:")
            .AppendLine("    IdP: {URL: http://127.0.0.1:1, ClientID: nobody}")
            .AppendLine("    DefaultGroup: deadvo_user")
            .AppendLine("    Users:")
            .AppendLine($"      {AuthFixture.Chaen.Subject}: {{PreferedUsername: dead}}")
            .AppendLine("    Groups:")
            .AppendLine("      deadvo_user:")
            .AppendLine("        Properties: [NormalUser]")
            .AppendLine($"        Users: [{AuthFixture.Chaen.Subject}]")
            .ToString();
        await fixture.Config.CommitAsync(fixture.ConfigYaml(TestConfigs.Default).Replace("Operations:", deadVo + "Operations:", StringComparison.Ordinal),
            "Add deadvo", Ct);
        var start = DateTime.UtcNow;
        HttpResponseMessage started;
        while ((started = await Client.PostAsync(Url("/api/auth/device", ("client_id", ClientId), ("scope", "vo:deadvo")), null, Ct)).StatusCode != HttpStatusCode.OK)
        {
            started.Dispose();
            Assert.True(DateTime.UtcNow - start < s_deadline, "the VO never appeared");
            await Task.Delay(500, Ct);
        }
        var flow = (await started.Content.ReadFromJsonAsync<InitiateDeviceFlowResponse>(Ct))!;
        started.Dispose();
        using var response = await Client.GetAsync(new Uri(flow.VerificationUriComplete), Ct);
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("Failed to retrieve IAM server metadata", await DetailAsync(response));
        // The operator gets one warning line naming the VO and the URL, not an unhandled-error stack.
        var lines = CapturedLogs.Lines.Where(l => l.Contains("127.0.0.1:1/", StringComparison.Ordinal) && l.Contains("DiracExceptionHandler", StringComparison.Ordinal)
            && !l.Contains("] Url=", StringComparison.Ordinal) && !l.Contains("] Reason=", StringComparison.Ordinal) && !l.Contains("] {OriginalFormat}=", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.Contains("[Warning] Identity provider of VO deadvo at http://127.0.0.1:1/.well-known/openid-configuration failed", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
    }
}
