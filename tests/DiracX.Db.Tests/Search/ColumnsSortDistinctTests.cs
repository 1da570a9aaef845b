using DiracX.Core.Errors;
using DiracX.Core.Models;
using DiracX.Db.Search;

namespace DiracX.Db.Tests.Search;

public class ColumnsSortDistinctTests(SearchDatabase db) : IClassFixture<SearchDatabase>
{
    [Fact]
    public async Task Without_parameters_every_column_is_returned_in_table_order()
    {
        var page = await db.SearchAsync(Specs.Where(SearchSpec.Eq("ItemID", 10)));

        Assert.Equal(SearchDatabase.Items.Columns.Select(c => c.Name), page.Rows[0].Keys);
        Assert.Null(page.Rows[0]["Site"]);
        Assert.Equal(true, page.Rows[0]["Flag"]);
        Assert.Equal(5.0, page.Rows[0]["Score"]);
    }

    [Fact]
    public async Task Requested_parameters_come_back_in_table_order_not_request_order()
    {
        var page = await db.SearchAsync(new() { Parameters = ["Status", "ItemID"] });

        Assert.All(page.Rows, r => Assert.Equal(["ItemID", "Status"], r.Keys));
        Assert.Equal(100, page.Total);
    }

    [Fact]
    public async Task Unknown_parameters_are_a_400_naming_them()
    {
        var e = await Assert.ThrowsAsync<DiracException>(() => db.SearchAsync(new() { Parameters = ["ItemID", "Dummy"] }));

        Assert.Equal("Unrecognised parameters requested {'Dummy'}", e.Message);
    }

    [Fact]
    public async Task A_pseudo_parameter_alone_selects_every_column_and_is_reported()
    {
        var page = await db.SearchAsync(new() { Parameters = ["LoggingInfo"] }, SearchPaging.Create(1, 1));

        Assert.Equal(SearchDatabase.Items.Columns.Count, page.Rows[0].Count);
        Assert.Equal(["LoggingInfo"], page.PseudoParameters);
    }

    [Fact]
    public async Task A_pseudo_parameter_with_columns_adds_the_primary_key()
    {
        var page = await db.SearchAsync(new() { Parameters = ["Status", "LoggingInfo"] }, SearchPaging.Create(1, 1));

        Assert.Equal(["ItemID", "Status"], page.Rows[0].Keys);
        Assert.Equal(["LoggingInfo"], page.PseudoParameters);
    }

    [Fact]
    public async Task Distinct_collapses_identical_rows_and_counts_them_once()
    {
        var all = await db.SearchAsync(new() { Parameters = ["Status"] });
        var distinct = await db.SearchAsync(new() { Parameters = ["Status"], Distinct = true }, SearchPaging.Create(1, 2));

        Assert.Equal(100, all.Total);
        Assert.Equal(3, distinct.Total);
        Assert.Equal(["Done", "Running"], distinct.Rows.Select(r => (string)r["Status"]!));
        Assert.Equal("items 0-1/3", distinct.ContentRange);
    }

    [Fact]
    public async Task Sorts_apply_in_order()
    {
        var page = await db.SearchAsync(new()
        {
            Sort = [new SortSpec("OwnerGroup", SortDirection.Asc), new SortSpec("ItemID", SortDirection.Desc)],
        });

        Assert.Equal(("owner_group1", 50), ((string)page.Rows[0]["OwnerGroup"]!, (int)page.Rows[0]["ItemID"]!));
        Assert.Equal(("owner_group2", 51), ((string)page.Rows[99]["OwnerGroup"]!, (int)page.Rows[99]["ItemID"]!));
    }

    [Fact]
    public async Task Text_sorts_are_lexicographic_like_DiracX()
    {
        var ascending = await db.SearchAsync(new() { Sort = [new SortSpec("Owner", SortDirection.Asc)] });
        var descending = await db.SearchAsync(new() { Sort = [new SortSpec("Owner", SortDirection.Desc)] });

        Assert.Equal("owner10", ascending.Rows[2]["Owner"]);
        Assert.Equal("owner2", ascending.Rows[12]["Owner"]);
        Assert.Equal("owner10", descending.Rows[97]["Owner"]);
    }

    [Fact]
    public async Task Sorting_by_an_unknown_column_is_a_400()
    {
        var e = await Assert.ThrowsAsync<DiracException>(() => db.SearchAsync(new() { Sort = [new SortSpec("Dummy", SortDirection.Asc)] }));

        Assert.Equal("Cannot sort by Dummy: unknown column", e.Message);
    }

    [Fact]
    public async Task Distinct_rows_cannot_be_sorted_by_a_column_they_do_not_hold()
    {
        var e = await Assert.ThrowsAsync<DiracException>(() => db.SearchAsync(new()
        {
            Parameters = ["Status"], Distinct = true, Sort = [new SortSpec("ItemID", SortDirection.Asc)],
        }));

        Assert.StartsWith("Cannot sort by ItemID", e.Message, StringComparison.Ordinal);
    }
}
