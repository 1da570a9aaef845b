using DiracX.Db.Infrastructure;
using DiracX.Db.Tasks;
using DiracX.Testing;
using Npgsql;

namespace DiracX.Db.Tests;

/// <summary>
/// Work that keeps state in its own PostgreSQL session (the migrator's and the task store's advisory locks) stays
/// correct when a deployment turns on Npgsql's multiplexing, which spreads statements over the pool's sessions.
/// </summary>
public class SessionStateTests(JobDatabaseFixture fixture) : IClassFixture<JobDatabaseFixture>
{
    private string Multiplexed => DbConnectionStrings.Normalize(
        new NpgsqlConnectionStringBuilder(fixture.Database.ConnectionString) { Multiplexing = true }.ConnectionString);

    [Fact]
    public void A_session_of_its_own_turns_multiplexing_off_and_keeps_the_rest()
    {
        var own = new NpgsqlConnectionStringBuilder(DbConnectionStrings.OwnSession(Multiplexed));
        var given = new NpgsqlConnectionStringBuilder(Multiplexed);
        Assert.True(given.Multiplexing);
        Assert.False(own.Multiplexing);
        Assert.Equal(given.MaxAutoPrepare, own.MaxAutoPrepare);
        Assert.Equal(given.Host, own.Host);
        Assert.Equal(given.Database, own.Database);
        Assert.Equal(given.ApplicationName, own.ApplicationName);
    }

    [Fact]
    public async Task A_task_mutex_excludes_a_second_taker_on_a_multiplexed_connection_string()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new PostgresTaskLockStore(new DbConnectionStringMap(new Dictionary<string, string?> { [DbNames.TaskDb] = Multiplexed }));
        var key = $"session-state-{Guid.NewGuid():N}";

        var first = await store.TryAcquireMutexAsync(key, ct);
        Assert.NotNull(first);
        // Advisory locks are re-entrant within one session: on a shared session the second taker would get it too.
        Assert.Null(await store.TryAcquireMutexAsync(key, ct));

        await first.DisposeAsync();
        var second = await store.TryAcquireMutexAsync(key, ct);
        Assert.NotNull(second);
        await second.DisposeAsync();
    }
}
