using DiracX.Core.Errors;
using DiracX.Core.Models;
using DiracX.Db.Search;

namespace DiracX.Db.Tests.Search;

public class PaginationTests(SearchDatabase db) : IClassFixture<SearchDatabase>
{
    private static readonly SearchParams s_byId = new() { Sort = [new SortSpec("ItemID", SortDirection.Asc)] };

    [Fact]
    public async Task A_page_holding_every_row_is_complete_without_Content_Range()
    {
        var page = await db.SearchAsync(s_byId, SearchPaging.Create(1, 100));

        Assert.Equal(100, page.Rows.Count);
        Assert.Equal(SearchPageKind.Complete, page.Kind);
        Assert.Null(page.ContentRange);
    }

    [Theory]
    [InlineData(1, 10, 1, "items 0-9/100")]
    [InlineData(2, 10, 11, "items 10-19/100")]
    [InlineData(10, 10, 91, "items 90-99/100")]
    [InlineData(2, 50, 51, "items 50-99/100")]
    [InlineData(4, 30, 91, "items 90-99/100")]
    public async Task A_page_with_part_of_the_rows_is_partial_with_its_range(int number, int perPage, int firstId, string range)
    {
        var page = await db.SearchAsync(s_byId, SearchPaging.Create(number, perPage));

        Assert.Equal(SearchPageKind.Partial, page.Kind);
        Assert.Equal(firstId, page.Rows[0]["ItemID"]);
        Assert.Equal(range, page.ContentRange);
        Assert.Equal(100, page.Total);
    }

    [Fact]
    public async Task A_page_past_the_end_is_out_of_range_with_the_total()
    {
        var page = await db.SearchAsync(s_byId, SearchPaging.Create(11, 10));

        Assert.Empty(page.Rows);
        Assert.Equal(SearchPageKind.OutOfRange, page.Kind);
        Assert.Equal("items */100", page.ContentRange);
    }

    [Fact]
    public async Task No_match_is_complete_and_empty_whatever_the_page()
    {
        var page = await db.SearchAsync(Specs.Where(SearchSpec.Eq("Status", "NEW")), SearchPaging.Create(3, 10));

        Assert.Equal(0, page.Total);
        Assert.Equal(SearchPageKind.Complete, page.Kind);
        Assert.Null(page.ContentRange);
    }

    [Fact]
    public async Task Pages_follow_the_primary_key_when_no_sort_is_given_so_they_never_overlap()
    {
        var first = await db.SearchAsync(Specs.Where(SearchSpec.Eq("OwnerGroup", "owner_group2")), SearchPaging.Create(1, 20));
        var second = await db.SearchAsync(Specs.Where(SearchSpec.Eq("OwnerGroup", "owner_group2")), SearchPaging.Create(2, 20));

        Assert.Equal(Enumerable.Range(51, 40), first.Rows.Concat(second.Rows).Select(r => (int)r["ItemID"]!));
    }

    [Fact]
    public async Task First_pages_and_deep_pages_tile_the_whole_result_in_order()
    {
        // The first pages read rows in order; from the third page's offset on, a page selects its keys first.
        var search = new SearchParams
        {
            Search = [SearchSpec.Eq("Owner", "user7")],
            Sort = [new SortSpec("SubmissionTime", SortDirection.Desc)],
        };
        var all = await db.SearchAsync(search, table: SearchDatabase.Big);
        var pages = new List<long>();
        for (var number = 1; number <= 9; number++)
        {
            var page = await db.SearchAsync(search, SearchPaging.Create(number, 50), table: SearchDatabase.Big);
            pages.AddRange(page.Rows.Select(r => (long)r["BigID"]!));
        }

        Assert.Equal(400, all.Rows.Count);
        Assert.Equal(all.Rows.Select(r => (long)r["BigID"]!), pages);
    }

    [Theory]
    [InlineData(1, 0, "per_page", "greater_than_equal")]
    [InlineData(1, -1, "per_page", "greater_than_equal")]
    [InlineData(1, 10001, "per_page", "less_than_equal")]
    [InlineData(0, 10, "page", "greater_than_equal")]
    [InlineData(-1, 10, "page", "greater_than_equal")]
    public void Page_parameters_out_of_bounds_are_a_422(int number, int perPage, string name, string type)
    {
        var e = Assert.Throws<RequestValidationException>(() => SearchPaging.Create(number, perPage));

        var problem = Assert.Single(e.Problems);
        Assert.Equal(["query", name], problem.Location);
        Assert.Equal(type, problem.Type);
        Assert.Equal(DiracErrorKind.Unprocessable, e.Kind);
    }

    [Fact]
    public void The_largest_page_is_ten_thousand_rows()
    {
        Assert.Equal(10000, SearchPaging.Create(1, 10000).PerPage);
    }
}
