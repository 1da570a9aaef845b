using DiracX.Core.Errors;
using DiracX.Core.Models;
using Npgsql;

namespace DiracX.Db.Tests.Search;

public class InjectionTests(SearchDatabase db) : IClassFixture<SearchDatabase>
{
    // Also a valid regular expression, so every operator reaches the database with it.
    private const string Payload = "' OR 1=1; DROP TABLE search_test.\"Items\"; --";

    public static TheoryData<string> Operators => [.. Enum.GetValues<SearchOperator>().Select(o => o.WireName())];

    [Theory]
    [MemberData(nameof(Operators))]
    public async Task SQL_in_values_is_only_ever_data(string op)
    {
        var filter = SearchOperators.Parse(op)!.Value.IsVector()
            ? SearchSpec.Vector("Owner", SearchOperators.Parse(op)!.Value, [Payload, "owner1' OR '1'='1"])
            : SearchSpec.Scalar("Owner", SearchOperators.Parse(op)!.Value, Payload);

        var page = await db.SearchAsync(Specs.Where(filter));

        // The payload sorts before every owner ('\'' < 'o'), so gt and the negations select everything.
        var negated = op is "neq" or "not like" or "not in" or "gt";
        Assert.Equal(negated ? 100 : 0, page.Total);
        Assert.Equal(100, await CountItemsAsync());
    }

    [Fact]
    public async Task SQL_in_column_names_is_refused_everywhere()
    {
        const string column = "Owner\" = \"Owner\" OR 1=1; --";

        var filter = await Assert.ThrowsAsync<DiracException>(() => db.SearchAsync(Specs.Where(SearchSpec.Eq(column, "x"))));
        var parameters = await Assert.ThrowsAsync<DiracException>(() => db.SearchAsync(new() { Parameters = [column] }));
        var sort = await Assert.ThrowsAsync<DiracException>(() => db.SearchAsync(new() { Sort = [new SortSpec(column, SortDirection.Asc)] }));
        var grouping = await Assert.ThrowsAsync<DiracException>(() => db.SummaryAsync(new() { Grouping = [column] }));

        Assert.Equal($"Unknown column {column}", filter.Message);
        Assert.StartsWith("Unrecognised parameters requested", parameters.Message, StringComparison.Ordinal);
        Assert.StartsWith("Cannot sort by", sort.Message, StringComparison.Ordinal);
        Assert.StartsWith("Unrecognised parameters requested", grouping.Message, StringComparison.Ordinal);
        Assert.Equal(100, await CountItemsAsync());
    }

    [Fact]
    public void Values_reach_SQL_as_parameters_not_text()
    {
        var plan = new DiracX.Db.Search.SearchEngine(SearchDatabase.Items).PlanSearch(Specs.Where(SearchSpec.Eq("Owner", Payload)), null);

        Assert.DoesNotContain("DROP", plan.PageSql, StringComparison.Ordinal);
        Assert.Contains(plan.PageParameters, p => Equals(p.Value, Payload));
    }

    private async Task<long> CountItemsAsync()
    {
        await using var connection = await db.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM search_test.\"Items\"", connection);
        return (long)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
