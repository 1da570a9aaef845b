using System.Net.Http.Headers;
using System.Net.Http.Json;
using DiracX.Testing;

namespace DiracX.Routers.Tests;

/// <summary>
/// Secrets never reach the logs: every log line of every app started in this test process is captured
/// (<see cref="CapturedLogs"/>) and searched for tokens, keys and presigned-URL signatures after requests that carry them.
/// </summary>
public class LogRedactionTests(RoutersFixture fixture) : IClassFixture<RoutersFixture>
{
    [Fact]
    public async Task No_token_key_or_signature_appears_in_any_log_line()
    {
        var ct = TestContext.Current.CancellationToken;
        var valid = fixture.App.Keystore.MintAccessToken(TestIdentity.NormalUser);
        var refresh = fixture.App.Keystore.MintRefreshToken();
        using var foreign = TestKeystore.CreateEd25519();
        var forged = foreign.MintAccessToken(TestIdentity.NormalUser);
        const string signature = "X-Amz-Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

        foreach (var token in new[] { valid, refresh, forged, "garbage-token-value" })
        {
            foreach (var path in new[] { "/api/lollygag/whoami", "/api/lollygag/boom", "/api/config/", $"/api/nowhere?{signature}" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                await fixture.Client.SendAsync(request, ct);
            }
            await fixture.Client.PostAsJsonAsync("/api/jobs/jdl", new[] { $"Executable = \"{token}\"" }, ct);
        }

        var secrets = new[] { valid, refresh, forged, "garbage-token-value", signature[16..], fixture.App.Keystore.Settings.StateKey };
        var privateKeyParts = System.Text.Json.Nodes.JsonNode.Parse(fixture.App.Keystore.JwksJson)!["keys"]!.AsArray()
            .Select(k => (string?)k!["d"]).OfType<string>();
        var leaks = CapturedLogs.Lines
            .SelectMany(line => secrets.Concat(privateKeyParts).Where(s => line.Contains(s, StringComparison.Ordinal)).Select(_ => line))
            .ToList();
        Assert.NotEmpty(CapturedLogs.Lines);
        Assert.True(leaks.Count == 0, "secrets in logs:" + Environment.NewLine + string.Join(Environment.NewLine, leaks.Take(5)));
    }
}
