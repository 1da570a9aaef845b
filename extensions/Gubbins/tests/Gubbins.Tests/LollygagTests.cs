using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DiracX.Client;
using DiracXApiException = DiracX.Client.Generated.DiracXApiException;
using DiracX.Client.Http;
using DiracX.Client.Operations;
using DiracX.Testing;
using Gubbins.Client;
using Gubbins.Db;
using Gubbins.Tasks;
using DiracX.Logic.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Gubbins.Tests;

/// <summary>
/// Gubbins in DiracX's routers (in memory, real PostgreSQL, real tokens): its routes and policy, its JobDb that DiracX's
/// own submission route receives, its metadata and configuration field, its client and its task.
/// </summary>
public sealed class LollygagTests : IAsyncLifetime
{
    private DiracXTestApp _app = null!;
    private TestConfigRepository _config = null!;

    public async ValueTask InitializeAsync() => (_app, _config) = await GubbinsApp.StartAsync(TestContext.Current.CancellationToken);

    [Fact]
    public async Task The_sensei_route_needs_the_GubbinsSensei_property()
    {
        var ct = TestContext.Current.CancellationToken;
        using var user = _app.CreateClient(TestIdentity.NormalUser);
        using var refused = await user.GetAsync(new Uri("/api/lollygag/gubbins_sensei", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("Streng verboten !!", (string?)JsonNode.Parse(await refused.Content.ReadAsStringAsync(ct))!["detail"]);

        using var sensei = _app.CreateClient(GubbinsApp.Sensei);
        Assert.Equal("Hello chaen, you are a sensei", await sensei.GetFromJsonAsync<string>(new Uri("/api/lollygag/gubbins_sensei", UriKind.Relative), ct));
    }

    [Fact]
    public async Task Owners_are_inserted_listed_and_counted_in_words()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = _app.CreateClient(TestIdentity.NormalUser);
        foreach (var name in new[] { "zoe", "adam" })
        {
            using var inserted = await http.PostAsync(new Uri($"/api/lollygag/insert_owner/{name}", UriKind.Relative), null, ct);
            Assert.Equal(HttpStatusCode.OK, inserted.StatusCode);
        }
        using var again = await http.PostAsync(new Uri("/api/lollygag/insert_owner/zoe", UriKind.Relative), null, ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(["adam", "zoe"], (await http.GetFromJsonAsync<string[]>(new Uri("/api/lollygag/get_owners", UriKind.Relative), ct))!);
        var summary = await http.GetFromJsonAsync<JsonObject>(new Uri("/api/lollygag/summary", UriKind.Relative), ct);
        Assert.Equal("two owners", (string?)summary!["summary"]); // Humanizer, the extension's own dependency
    }

    [Fact]
    public async Task DiracX_job_submission_receives_GubbinsJobDb_which_writes_GubbinsInfo()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = _app.CreateClient(TestIdentity.NormalUser);
        using var submitted = await http.PostAsJsonAsync(new Uri("/api/jobs/jdl", UriKind.Relative),
            new[] { "Executable = \"echo\";\nArguments = \"hello\";" }, ct);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync(ct));
        var jobId = (long)JsonNode.Parse(await submitted.Content.ReadAsStringAsync(ct))![0]!["JobID"]!;

        var info = await http.GetFromJsonAsync<JsonObject>(new Uri($"/api/lollygag/gubbins_info/{jobId}", UriKind.Relative), ct);
        Assert.Equal("gubbins saw chaen's job", (string?)info!["Info"]);

        // The row is keyed to DiracX's Jobs table: removing the job (DiracX's JobDb method, as its clean-up does) removes it.
        await using var scope = _app.CreateScope();
        var jobs = scope.ServiceProvider.GetRequiredService<DiracX.Db.Jobs.JobDb>();
        Assert.IsType<GubbinsJobDb>(jobs);
        Assert.Equal(1, await jobs.DeleteJobsAsync([jobId], ct));
        Assert.Null(await ((GubbinsJobDb)jobs).GetGubbinsInfoAsync(jobId, ct));
    }

    [Fact]
    public async Task The_metadata_route_is_Gubbins_and_carries_the_configuration_field()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = _app.CreateClient();
        var metadata = await http.GetFromJsonAsync<JsonObject>(new Uri("/.well-known/dirac-metadata", UriKind.Relative), ct);
        Assert.Equal("hush!", (string?)metadata!["gubbins_secrets"]);
        Assert.Contains("chaen-lollygags", metadata["gubbins_user_info"]!["lhcb"]!.AsArray().Select(n => (string?)n));
        Assert.NotNull(metadata["virtual_organizations"]!["lhcb"]); // DiracX's own part is still there
    }

    [Fact]
    public async Task The_Gubbins_client_extends_DiracX_client()
    {
        var ct = TestContext.Current.CancellationToken;
        var token = _app.Keystore.MintAccessToken(GubbinsApp.Sensei);
        using var client = new GubbinsClient(DiracXClient.Create(new Uri("http://localhost/"), new StaticToken(token), _app.CreateHandler()));
        Assert.True((await client.Lollygag.Insert_ownerAsync("bob", ct))["OwnerID"] > 0);
        Assert.Equal(["bob"], await client.Lollygag.Get_ownersAsync(ct));
        Assert.Equal("one owner", (await client.Lollygag.SummaryAsync(ct))["summary"]);
        Assert.Equal("Hello chaen, you are a sensei", await client.Lollygag.SenseiAsync(ct));
        Assert.NotNull(await client.DiracX.GetJsonAsync(".well-known/dirac-metadata", ct)); // DiracX's own operations

        // Gubbins' errors are DiracX's: the generated operations throw DiracX's exception, with DiracX's detail.
        var conflict = await Assert.ThrowsAsync<DiracXApiException>(() => client.Lollygag.Insert_ownerAsync("bob", ct));
        Assert.Equal(409, conflict.StatusCode);
        using var user = new GubbinsClient(DiracXClient.Create(new Uri("http://localhost/"),
            new StaticToken(_app.Keystore.MintAccessToken(TestIdentity.NormalUser)), _app.CreateHandler()));
        var refused = await Assert.ThrowsAsync<DiracXApiException>(() => user.Lollygag.SenseiAsync(ct));
        Assert.Equal(403, refused.StatusCode);
        Assert.Equal("Streng verboten !!", DiracXErrors.Detail(refused.Response));
    }

    [Fact]
    public async Task The_periodic_clean_up_removes_owners_without_a_car_after_a_day()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = _app.CreateClient(TestIdentity.NormalUser);
        using var inserted = await http.PostAsync(new Uri("/api/lollygag/insert_owner/carless", UriKind.Relative), null, ct);
        Assert.Equal(HttpStatusCode.OK, inserted.StatusCode);
        Assert.NotNull(OwnerCleanupTask.Definition.Schedule);

        await using var scope = _app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LollygagDbContext>();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        ITaskHandler task = new OwnerCleanupTask(db, time);
        var run = new TaskRunContext(0, OwnerCleanupTask.Definition, default, 1, null);
        await task.ExecuteAsync(run, ct);
        Assert.Equal(1, await db.Owners.CountAsync(ct)); // not a day old yet
        time.Advance(TimeSpan.FromDays(1.5));
        await task.ExecuteAsync(run, ct);
        Assert.Equal(0, await db.Owners.CountAsync(ct));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _config.Dispose();
    }

    private sealed class StaticToken(string token) : IAccessTokenProvider
    {
        public ValueTask<string?> GetAccessTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(token);
    }
}
