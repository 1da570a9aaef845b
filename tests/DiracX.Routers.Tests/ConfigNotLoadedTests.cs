using System.Net;
using DiracX.Core.Configuration;
using DiracX.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DiracX.Routers.Tests;

/// <summary>
/// Before the configuration loads, anonymous callers learn only that it is not loaded yet (503 + Retry-After); the git
/// error (command line, URL with credentials, stderr) goes to the log, with the credentials redacted.
/// </summary>
public class ConfigNotLoadedTests
{
    [Fact]
    public async Task The_503_before_the_configuration_loads_says_nothing_of_the_git_error_and_the_log_redacts_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreePort.Next();
        var url = $"git+https://alice:s3cr3t-pass@127.0.0.1:{port}/cs.git?private_token=tok-9f8e7d";
        await using var app = await DiracXTestApp.StartAsync(RoutersFixture.Modules, new Dictionary<string, string?>
        {
            ["DiracX:Config:BackendUrl"] = url,
            ["ConnectionStrings:diracx"] = $"Host=127.0.0.1;Port={FreePort.Next()};Username=postgres;Timeout=2",
            ["DiracX:Lollygag:Motto"] = "m",
        }, withDatabase: false, waitForConfiguration: false, cancellationToken: ct);
        var provider = app.Services.GetRequiredService<ConfigProvider>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (provider.FailedRefreshCount == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the first refresh never failed");
            await Task.Delay(50, ct);
        }

        using var response = await app.CreateClient(TestIdentity.NormalUser).GetAsync("/api/config/", ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("10", response.Headers.RetryAfter?.ToString());
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.Equal("""{"detail":"Configuration not loaded yet"}""", body);
        var logged = CapturedLogs.Lines.Where(l => l.Contains($"127.0.0.1:{port}", StringComparison.Ordinal)).ToList();
        Assert.Contains(logged, l => l.Contains("[Error] Configuration refresh failed", StringComparison.Ordinal)
            && l.Contains("alice:***@", StringComparison.Ordinal));
        Assert.DoesNotContain(logged, l => l.Contains("s3cr3t-pass", StringComparison.Ordinal) || l.Contains("tok-9f8e7d", StringComparison.Ordinal));
    }
}
