using DiracX.Core.Models;
using DiracX.Db.Jobs;
using DiracX.Db.Search;

namespace DiracX.Db.Tests.Search;

/// <summary>Which statements read the <c>JobsSummary</c> rollup and which read <c>Jobs</c>, and the id-first page.</summary>
public class RollupPlanTests
{
    private static readonly SearchEngine s_jobs = new(JobsSearchTable.Table);
    private static readonly SearchSpec[] s_userScope = [SearchSpec.Eq("VO", "lhcb"), SearchSpec.Eq("Owner", "chaen")];

    [Theory]
    [InlineData("Status", "\"Kind\" = 1")]
    [InlineData("Owner,OwnerGroup,JobType", "\"Kind\" = 1")]
    [InlineData("Site,Status", "\"Kind\" = 2")]
    [InlineData("JobGroup,MinorStatus", "\"Kind\" = 3")]
    public void Summaries_grouping_by_one_views_columns_sum_that_view(string grouping, string kind)
    {
        var plan = s_jobs.PlanSummary(new SummaryParams { Grouping = grouping.Split(',') }, [SearchSpec.Eq("VO", "lhcb")]);
        Assert.Contains("FROM \"jobdb\".\"JobsSummary\"", plan.Sql, StringComparison.Ordinal);
        Assert.Contains(kind, plan.Sql, StringComparison.Ordinal);
        Assert.Contains("HAVING sum(\"Count\") > 0", plan.Sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Site,Owner")]
    [InlineData("ApplicationStatus")]
    [InlineData("")]
    public void Summaries_outside_every_view_count_the_jobs(string grouping)
    {
        var plan = s_jobs.PlanSummary(new SummaryParams { Grouping = grouping.Length == 0 ? [] : grouping.Split(',') }, [SearchSpec.Eq("VO", "lhcb")]);
        Assert.DoesNotContain("JobsSummary", plan.Sql, StringComparison.Ordinal);
        Assert.Contains("count(*)", plan.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void A_filter_outside_the_view_counts_the_jobs()
    {
        var plan = s_jobs.PlanSummary(new SummaryParams { Grouping = ["Status"], Search = [SearchSpec.Eq("JobName", "x")] }, []);
        Assert.DoesNotContain("JobsSummary", plan.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void A_normal_users_search_total_sums_the_rollup_and_a_deep_page_selects_its_ids_first()
    {
        var plan = s_jobs.PlanSearch(new SearchParams { Search = [SearchSpec.Eq("Status", "Running")] }, SearchPaging.Create(4, 100), s_userScope);
        Assert.StartsWith("SELECT COALESCE(sum(\"Count\"), 0)::bigint FROM \"jobdb\".\"JobsSummary\" WHERE \"Kind\" = 1 AND ", plan.CountSql, StringComparison.Ordinal);
        Assert.Contains("WHERE \"JobID\" IN (SELECT \"JobID\" FROM \"jobdb\".\"Jobs\" WHERE ", plan.PageSql, StringComparison.Ordinal);
        Assert.Contains(" LIMIT $", plan.PageSql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void The_first_pages_read_their_rows_in_index_order_without_selecting_ids_first(int page)
    {
        var plan = s_jobs.PlanSearch(new SearchParams { Search = [SearchSpec.Eq("Status", "Running")] }, SearchPaging.Create(page, 100), s_userScope);
        Assert.DoesNotContain(" IN (SELECT", plan.PageSql, StringComparison.Ordinal);
        Assert.Matches("^SELECT .* FROM \"jobdb\".\"Jobs\" WHERE .* ORDER BY \"JobID\" ASC LIMIT \\$\\d+ OFFSET \\$\\d+$", plan.PageSql);
    }

    [Fact]
    public void A_search_filtering_a_column_outside_the_views_counts_the_jobs()
    {
        var plan = s_jobs.PlanSearch(new SearchParams { Search = [SearchSpec.Eq("ApplicationStatus", "x")] }, SearchPaging.Create(1, 10), s_userScope);
        Assert.StartsWith("SELECT count(*) FROM \"jobdb\".\"Jobs\"", plan.CountSql, StringComparison.Ordinal);
    }
}
