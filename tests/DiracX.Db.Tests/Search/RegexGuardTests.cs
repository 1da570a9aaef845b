using DiracX.Core.Errors;
using DiracX.Core.Models;
using DiracX.Db.Search;
using Npgsql;

namespace DiracX.Db.Tests.Search;

public class RegexGuardTests(SearchDatabase db) : IClassFixture<SearchDatabase>
{
    private static SearchParams SlowRegex => Specs.Where(SearchSpec.Scalar("Payload", SearchOperator.Regex, "^(([a-f0-9])+.)+[g-z]([0-9])+$"));

    [Fact]
    public async Task A_regex_slower_than_the_limit_is_a_400_and_the_transaction_stays_usable()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await db.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var engine = new SearchEngine(SearchDatabase.Big, new SearchEngineOptions { RegexStatementTimeout = TimeSpan.FromMilliseconds(1) });

        var e = await Assert.ThrowsAsync<DiracException>(() => engine.SearchAsync(connection, transaction, SlowRegex, SearchPaging.Create(), null, cancellationToken: ct));

        Assert.Equal(DiracErrorKind.BadRequest, e.Kind);
        Assert.StartsWith("The search took longer than", e.Message, StringComparison.Ordinal);
        // The savepoint undid both the failure and the transaction-local timeout.
        await using var show = new NpgsqlCommand("SHOW statement_timeout", connection, transaction);
        Assert.Equal("0", await show.ExecuteScalarAsync(ct));
    }

    [Fact]
    public async Task A_regex_within_the_limit_runs_and_leaves_the_callers_timeout_alone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await db.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync(ct);

        var page = await new SearchEngine(SearchDatabase.Items).SearchAsync(connection, transaction,
            Specs.Where(SearchSpec.Scalar("Owner", SearchOperator.Regex, "^owner9")), null, null, cancellationToken: ct);

        Assert.Equal(11, page.Total);
        await using var show = new NpgsqlCommand("SHOW statement_timeout", connection, transaction);
        Assert.Equal("0", await show.ExecuteScalarAsync(ct));
    }

    [Fact]
    public async Task A_regex_search_without_a_transaction_runs_in_its_own()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await db.OpenAsync();

        var rows = await new SearchEngine(SearchDatabase.Items).SummaryAsync(connection, null,
            new() { Grouping = ["OwnerGroup"], Search = [SearchSpec.Scalar("Owner", SearchOperator.Regex, "^owner[0-4]$")] }, null, ct);

        Assert.Equal(5L, Assert.Single(rows)["count"]);
    }

    [Theory]
    [InlineData(@"\p{L}+")]
    [InlineData("(?<name>owner)1")]
    public async Task A_pattern_PostgreSQL_rejects_is_a_400_and_the_transaction_stays_usable(string pattern)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await db.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync(ct);

        var e = await Assert.ThrowsAsync<DiracException>(() => new SearchEngine(SearchDatabase.Items).SearchAsync(connection, transaction,
            Specs.Where(SearchSpec.Scalar("Owner", SearchOperator.Regex, pattern)), null, null, cancellationToken: ct));

        Assert.Equal($"Invalid regex {pattern}", e.Message);
        await using var check = new NpgsqlCommand("SELECT count(*) FROM search_test.\"Items\"", connection, transaction);
        Assert.Equal(100L, await check.ExecuteScalarAsync(ct));
    }
}
