using DiracX.Core.Models;
using DiracX.Db.Search;
using Npgsql;

namespace DiracX.Db.Tests.Search;

/// <summary>Plans on 200k rows: filters are plain column predicates, so PostgreSQL uses the indexes (performance.md S5).</summary>
public class SargabilityTests(SearchDatabase db) : IClassFixture<SearchDatabase>
{
    private static readonly SearchEngine s_engine = new(SearchDatabase.Big);

    [Fact]
    public async Task A_status_and_owner_search_sorted_by_id_desc_uses_the_owner_status_id_index()
    {
        var plan = s_engine.PlanSearch(new()
        {
            Search = [SearchSpec.Eq("Status", "Running"), SearchSpec.Eq("Owner", "user42")],
            Sort = [new SortSpec("BigID", SortDirection.Desc)],
        }, SearchPaging.Create(1, 100));

        var page = await ExplainAsync(plan.PageSql, plan.PageParameters);
        var count = await ExplainAsync(plan.CountSql, plan.CountParameters);

        // Both equality predicates are index conditions (the planner may walk the index or bitmap-scan it and sort).
        Assert.Contains("on \"Big_Owner_Status_BigID\"", page, StringComparison.Ordinal);
        Assert.Matches("Index Cond: .*\"Owner\".* = 'user42'.*\"Status\".* = 'Running'", page);
        Assert.DoesNotContain("Seq Scan", page, StringComparison.Ordinal);
        Assert.Contains("on \"Big_Owner_Status_BigID\"", count, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", count, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partial_date_filter_is_a_range_on_the_raw_column_served_by_its_index()
    {
        var plan = s_engine.PlanSearch(Specs.Where(SearchSpec.Eq("SubmissionTime", "2024-01-02 03")), SearchPaging.Create());

        var count = await ExplainAsync(plan.CountSql, plan.CountParameters);

        Assert.Contains("\"Big_SubmissionTime\"", count, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", count, StringComparison.Ordinal);
    }

    private async Task<string> ExplainAsync(string sql, IReadOnlyList<NpgsqlParameter> parameters)
    {
        await using var connection = await db.OpenAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN " + sql, connection);
        explain.Parameters.AddRange(parameters.Select(p => p.Clone()).ToArray());
        await using var reader = await explain.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var lines = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            lines.Add(reader.GetString(0));
        }
        return string.Join('\n', lines);
    }
}
