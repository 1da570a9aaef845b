using System.Net.Http.Json;
using DiracX.Db.ResourceStatus;
using DiracX.Routers.Infrastructure.Hosting;
using DiracX.Testing;
using Npgsql;
using StackExchange.Redis;

namespace DiracX.Routers.Tests.Pilots;

/// <summary>The RSS snapshot is shared by replicas through Redis (same ETag everywhere), and served per process without it.</summary>
public class RssReplicaTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<DiracXTestApp> StartAsync(string redis, string? database = null) =>
        DiracXTestApp.StartAsync(DiracXModules.BuiltIn, new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis,
            ["ConnectionStrings:diracx"] = database,
        }.Where(kv => kv.Value is not null).ToDictionary(), withDatabase: database is null, cancellationToken: Ct);

    private static async Task InsertBehindTheCacheAsync(DiracXTestApp app, string name)
    {
        await using var connection = await app.Database!.OpenConnectionAsync(Ct);
        await using var command = new NpgsqlCommand(
            """INSERT INTO resourcestatusdb."ResourceStatus" ("Name", "StatusType", "VO", "Status", "ElementType", "DateEffective") VALUES ($1, 'all', 'all', 'Active', 'ComputeElement', now())""",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        await command.ExecuteNonQueryAsync(Ct);
    }

    [Fact]
    public async Task Replicas_sharing_redis_answer_the_same_ETag_and_a_replica_without_redis_still_serves()
    {
        var redis = await RedisServer.GetSharedAsync(Ct);
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            await connection.GetDatabase().KeyDeleteAsync(RedisResourceStatusSnapshotStore.RevisionKey);
        }
        await using var first = await StartAsync(redis.ConnectionString);
        await using var second = await StartAsync(redis.ConnectionString, first.Database!.ConnectionString);
        // A replica whose Redis is unreachable (nothing listens on port 1).
        await using var isolated = await StartAsync("127.0.0.1:1,connectTimeout=200", first.Database.ConnectionString);
        var admin = first.CreateClient(PilotsFixture.ServiceAdmin);
        var set = await Jobs.JobsFixture.PatchAsync(admin, "/api/rss/statuses",
            new[] { new { name = "ce-one", element_type = "ComputeElement", status = "Active" } });
        set.EnsureSuccessStatusCode();

        var fromFirst = await first.CreateClient(TestIdentity.NormalUser).GetAsync("/api/rss/compute", Ct);
        await InsertBehindTheCacheAsync(first, "ce-two");
        var fromSecond = await second.CreateClient(TestIdentity.NormalUser).GetAsync("/api/rss/compute", Ct);
        var fromIsolated = await isolated.CreateClient(TestIdentity.NormalUser).GetAsync("/api/rss/compute", Ct);

        // The second replica answers from the shared snapshot (its own database read would see ce-two and another revision).
        Assert.Equal(fromFirst.Headers.GetValues("ETag").Single(), fromSecond.Headers.GetValues("ETag").Single());
        Assert.DoesNotContain("ce-two", await fromSecond.Content.ReadAsStringAsync(Ct));
        Assert.Equal(System.Net.HttpStatusCode.OK, fromIsolated.StatusCode);
        Assert.Contains("ce-two", await fromIsolated.Content.ReadAsStringAsync(Ct));
        Assert.EndsWith("-2-lhcb", fromIsolated.Headers.GetValues("ETag").Single(), StringComparison.Ordinal);
    }
}
