using System.Net;
using System.Net.Http.Json;
using DiracX.Api.Jobs;
using DiracX.Client;
using DiracX.Client.Credentials;
using DiracX.Client.Settings;
using DiracX.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DiracX.Cli.Tests;

/// <summary>The library side of the CLI against the real routers: <see cref="JobsApi.WaitAsync"/> and <c>AddDiracXClient</c>.</summary>
public sealed partial class CommandTests
{
    /// <summary>A service provider with <c>AddDiracXClient</c> whose primary handlers reach the in-memory routers.</summary>
    private ServiceProvider ClientServices(string credentials)
    {
        var services = new ServiceCollection();
        var settings = DiracXClientSettings.FromEnvironment(new Dictionary<string, string?>
        {
            ["DIRACX_URL"] = "http://localhost",
            ["DIRACX_CREDENTIALS_PATH"] = credentials,
        });
        services.AddDiracXClient(settings).ConfigurePrimaryHttpMessageHandler(() => server.App.CreateHandler());
        services.AddHttpClient(DiracXClientServiceCollectionExtensions.TokenHttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => server.App.CreateHandler());
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task AddDiracXClient_resolves_a_client_that_calls_the_routers_with_the_stored_credentials_and_refreshes_them()
    {
        var credentials = await server.LoggedInAsync();
        await using (var provider = ClientServices(credentials))
        {
            var client = provider.GetRequiredService<DiracXClient>();
            var me = await client.GetJsonAsync("api/auth/userinfo", Ct);
            Assert.Equal("chaen", me!["preferred_username"]!.GetValue<string>());
            Assert.Equal("lhcb", me["vo"]!.GetValue<string>());
        }

        // A new application finding an access token about to expire refreshes it through the factory's token client
        // (no bearer token on that request) and rewrites the file.
        var stored = StoredCredentials.Parse(await File.ReadAllTextAsync(credentials, Ct))!;
        await (stored with { ExpiresOn = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 10 }).WriteAsync(credentials, Ct);
        await using (var provider = ClientServices(credentials))
        {
            var jobs = await new JobsApi(provider.GetRequiredService<DiracXClient>()).Search().WithIds([1]).ExecuteAsync(Ct);
            Assert.NotNull(jobs.Rows);
        }
        var renewed = StoredCredentials.Parse(await File.ReadAllTextAsync(credentials, Ct))!;
        Assert.NotEqual(stored.RefreshToken, renewed.RefreshToken);
        Assert.True(renewed.ExpiresOn > DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 300);
    }

    [Fact]
    public async Task AddDiracXClient_without_credentials_gets_the_routers_401()
    {
        await using var provider = ClientServices(CliServerFixture.NewCredentialsPath());
        var client = provider.GetRequiredService<DiracXClient>();
        var error = await Assert.ThrowsAsync<Client.Generated.DiracXApiException>(() => client.GetJsonAsync("api/auth/userinfo", Ct));
        Assert.Equal(401, error.StatusCode);
    }

    [Fact]
    public async Task WaitAsync_reports_each_round_and_returns_when_an_administrator_ends_the_job()
    {
        var credentials = await server.LoggedInAsync();
        var ids = await SubmitAsync(credentials, 2);
        await using var provider = ClientServices(credentials);
        var jobs = new JobsApi(provider.GetRequiredService<DiracXClient>());

        var rounds = new List<IReadOnlyList<JobState>>();
        var firstRound = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var progress = new SyncProgress<IReadOnlyList<JobState>>(states =>
        {
            lock (rounds)
            {
                rounds.Add(states);
            }
            firstRound.TrySetResult();
        });
        var wait = jobs.WaitAsync(ids, progress, TimeSpan.FromMilliseconds(50), cancellationToken: Ct);

        await firstRound.Task.WaitAsync(Ct);
        Assert.False(wait.IsCompleted);
        using var admin = server.App.CreateClient(TestIdentity.Admin);
        var now = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        // One job fails now, the other is still running a round later: WaitAsync must wait for both.
        using (var failed = await admin.PatchAsJsonAsync("/api/jobs/status", new Dictionary<string, object>
        {
            [ids[0].ToString(System.Globalization.CultureInfo.InvariantCulture)] = new Dictionary<string, object>
            {
                [now] = new Dictionary<string, string> { ["Status"] = "Failed", ["MinorStatus"] = "Application finished with errors", ["Source"] = "test" },
            },
        }, Ct))
        {
            Assert.True(failed.StatusCode == HttpStatusCode.OK, await failed.Content.ReadAsStringAsync(Ct));
        }
        Assert.False(wait.IsCompleted);
        using (var done = await admin.PatchAsJsonAsync("/api/jobs/status", new Dictionary<string, object>
        {
            [ids[1].ToString(System.Globalization.CultureInfo.InvariantCulture)] = new Dictionary<string, object>
            {
                [now] = new Dictionary<string, string> { ["Status"] = "Killed", ["MinorStatus"] = "Marked for termination", ["Source"] = "test" },
            },
        }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        }

        try
        {
            await wait.WaitAsync(TimeSpan.FromMinutes(1), Ct); // a guard against hanging, not a timing check
        }
        catch (TimeoutException)
        {
            lock (rounds)
            {
                Assert.Fail(string.Join(" / ", rounds[^1]));
            }
        }
        var final = await wait;
        Assert.Equal(ids, final.Select(s => s.JobId).ToArray());
        Assert.Equal(["Failed", "Killed"], final.Select(s => s.Status).ToArray());
        Assert.Equal("Application finished with errors", final[0].MinorStatus);
        Assert.All(final, s => Assert.True(s.IsFinal));

        lock (rounds)
        {
            Assert.True(rounds.Count >= 2, $"{rounds.Count} rounds");
            Assert.Equal(["Received", "Received"], rounds[0].Select(s => s.Status).ToArray());
            Assert.Equal(ids, rounds[0].Select(s => s.JobId).ToArray());
            Assert.Equal(final, rounds[^1]);
            // Every earlier round had a job that was not final yet.
            Assert.All(rounds.Take(rounds.Count - 1), r => Assert.Contains(r, s => !s.IsFinal));
        }
    }

    private sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
    {
        public void Report(T value) => handler(value);
    }
}
