using DiracX.Core.Errors;
using DiracX.Core.Models;

namespace DiracX.Db.Tests.Search;

public class SummaryTests(SearchDatabase db) : IClassFixture<SearchDatabase>
{
    [Fact]
    public async Task Rows_are_counted_per_group_with_the_group_columns_in_table_order()
    {
        var rows = await db.SummaryAsync(new() { Grouping = ["Status", "OwnerGroup"] });

        var want = Item.All.GroupBy(i => (i.OwnerGroup, i.Status)).OrderBy(g => g.Key)
            .Select(g => (g.Key.OwnerGroup, g.Key.Status, (long)g.Count())).ToList();
        Assert.Equal(want, rows.Select(r => ((string)r["OwnerGroup"]!, (string)r["Status"]!, (long)r["count"]!)));
        Assert.All(rows, r => Assert.Equal(["OwnerGroup", "Status", "count"], r.Keys));
    }

    [Fact]
    public async Task Filters_and_mandatory_filters_restrict_the_counted_rows()
    {
        var rows = await db.SummaryAsync(new() { Grouping = ["Status"], Search = [SearchSpec.Eq("OwnerGroup", "owner_group1")] },
            mandatory: [SearchSpec.Vector("Status", SearchOperator.NotIn, ["Done"])]);

        Assert.Equal([("Running", 17L), ("Waiting", 17L)], rows.Select(r => ((string)r["Status"]!, (long)r["count"]!)));
    }

    [Fact]
    public async Task No_match_gives_no_rows()
    {
        var rows = await db.SummaryAsync(new() { Grouping = ["Status"], Search = [SearchSpec.Eq("Status", "NEW")] });

        Assert.Empty(rows);
    }

    [Fact]
    public async Task An_empty_grouping_groups_by_every_column_as_DiracX_does()
    {
        var rows = await db.SummaryAsync(new() { Grouping = [] });

        Assert.Equal(100, rows.Count);
        Assert.All(rows, r => Assert.Equal(1L, r["count"]));
        Assert.Equal([.. SearchDatabase.Items.Columns.Select(c => c.Name), "count"], rows[0].Keys);
    }

    [Fact]
    public async Task Grouping_by_an_unknown_column_is_a_400()
    {
        var e = await Assert.ThrowsAsync<DiracException>(() => db.SummaryAsync(new() { Grouping = ["Status", "Nope"] }));

        Assert.Equal("Unrecognised parameters requested {'Nope'}", e.Message);
    }
}
