using DiracX.Db.Infrastructure;
using DiracX.Testing;
using Npgsql;

namespace DiracX.Db.Tests;

/// <summary>What a request's unit of work costs on the wire: no pool reset, and no transaction block around reads.</summary>
public class UnitOfWorkRoundTripTests(JobDatabaseFixture fixture) : IClassFixture<JobDatabaseFixture>
{
    private string ConnectionString => DbConnectionStrings.Normalize(fixture.Database.ConnectionString);

    [Fact]
    public void Connection_strings_drop_the_pool_reset()
    {
        Assert.True(new NpgsqlConnectionStringBuilder(ConnectionString).NoResetOnClose);
        // Even when a deployment's string spells out Npgsql's default: DiracX never changes session state.
        var explicitReset = new NpgsqlConnectionStringBuilder(fixture.Database.ConnectionString) { NoResetOnClose = false }.ConnectionString;
        Assert.True(new NpgsqlConnectionStringBuilder(DbConnectionStrings.Normalize(explicitReset)).NoResetOnClose);
    }

    [Fact]
    public void Buffers_are_64_KiB_unless_the_connection_string_says_otherwise()
    {
        var normalized = new NpgsqlConnectionStringBuilder(ConnectionString);
        Assert.Equal(64 * 1024, normalized.WriteBufferSize);
        Assert.Equal(64 * 1024, normalized.ReadBufferSize);
        var given = new NpgsqlConnectionStringBuilder(fixture.Database.ConnectionString) { WriteBufferSize = 16384, ReadBufferSize = 32768 }.ConnectionString;
        var kept = new NpgsqlConnectionStringBuilder(DbConnectionStrings.Normalize(given));
        Assert.Equal(16384, kept.WriteBufferSize);
        Assert.Equal(32768, kept.ReadBufferSize);
    }

    [Fact]
    public async Task Statements_seen_twice_are_prepared_unless_the_connection_string_says_otherwise()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(DbConnectionStrings.AutoPreparedStatements, new NpgsqlConnectionStringBuilder(ConnectionString).MaxAutoPrepare);
        var off = new NpgsqlConnectionStringBuilder(fixture.Database.ConnectionString) { MaxAutoPrepare = 0 }.ConnectionString;
        Assert.Equal(0, new NpgsqlConnectionStringBuilder(DbConnectionStrings.Normalize(off)).MaxAutoPrepare);

        // PostgreSQL lists a session's prepared statements: after three runs of one statement, it is among them.
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        for (var i = 0; i < 3; i++)
        {
            await using var command = new NpgsqlCommand("SELECT $1::bigint + 1", connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = i });
            await command.ExecuteScalarAsync(ct);
        }
        await using var prepared = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE 'SELECT $1::bigint + 1%'", connection);
        Assert.Equal(1L, await prepared.ExecuteScalarAsync(ct));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Only_a_transactional_unit_of_work_opens_a_transaction(bool transactional)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var unitOfWork = new DbUnitOfWork();
        await unitOfWork.BeginAsync([ConnectionString], transactional, ct);
        var connection = unitOfWork.ConnectionFor(ConnectionString)!;
        Assert.Equal(transactional, unitOfWork.TransactionFor(ConnectionString) is not null);

        // now() is the start of the transaction: equal across statements inside one, different in autocommit.
        var times = new List<DateTime>();
        var trips = await SqlStatements.CountAsync(fixture.Database.Name, async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                await using var command = new NpgsqlCommand("SELECT now()", connection);
                times.Add((DateTime)(await command.ExecuteScalarAsync(ct))!);
            }
        });
        await unitOfWork.CommitAsync(ct);

        Assert.Equal(2, trips);
        Assert.Equal(transactional, times[0] == times[1]);
    }

    [Fact]
    public async Task What_waits_for_the_commit_runs_after_it_sees_the_committed_rows_and_never_after_a_rollback()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var setup = new NpgsqlConnection(ConnectionString))
        {
            await setup.OpenAsync(ct);
            await new NpgsqlCommand("CREATE TABLE IF NOT EXISTS public.after_commit_probe (v text)", setup).ExecuteNonQueryAsync(ct);
        }
        async Task<long> CountFromElsewhereAsync(string value)
        {
            await using var other = new NpgsqlConnection(ConnectionString);
            await other.OpenAsync(ct);
            await using var count = new NpgsqlCommand("SELECT count(*) FROM public.after_commit_probe WHERE v = $1", other);
            count.Parameters.Add(new NpgsqlParameter { Value = value });
            return (long)(await count.ExecuteScalarAsync(ct))!;
        }
        async Task<List<long>> WriteAsync(string value, bool commit)
        {
            var seen = new List<long>();
            await using var unitOfWork = new DbUnitOfWork();
            await unitOfWork.BeginAsync([ConnectionString], ct);
            await using var insert = new NpgsqlCommand("INSERT INTO public.after_commit_probe VALUES ($1)",
                unitOfWork.ConnectionFor(ConnectionString), unitOfWork.TransactionFor(ConnectionString));
            insert.Parameters.Add(new NpgsqlParameter { Value = value });
            await insert.ExecuteNonQueryAsync(ct);
            await unitOfWork.WhenCommittedAsync(async _ => seen.Add(await CountFromElsewhereAsync(value)), ct);
            Assert.Empty(seen);
            await (commit ? unitOfWork.CommitAsync(ct) : unitOfWork.RollbackAsync(ct));
            return seen;
        }

        // Values of this run only: the probe table outlives a run when the database is reused.
        var run = Guid.NewGuid().ToString("N");
        Assert.Equal([1L], await WriteAsync("committed " + run, commit: true));
        Assert.Empty(await WriteAsync("rolled back " + run, commit: false));

        // Without a unit of work (statements commit on their own), at once.
        await using var none = new DbUnitOfWork();
        var ran = false;
        await none.WhenCommittedAsync(_ => { ran = true; return Task.CompletedTask; }, ct);
        Assert.True(ran);
    }
}
