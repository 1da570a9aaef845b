using System.Text.Json;
using DiracX.Core.Models;

namespace DiracX.Db.Tests.Search;

public class SearchModelJsonTests
{
    [Fact]
    public void DiracX_search_bodies_are_read_with_their_value_kinds()
    {
        var body = Specs.Parse<SearchParams>("""
            {"parameters": ["JobID", "Status"],
             "search": [{"parameter": "Status", "operator": "eq", "value": "Received"},
                        {"parameter": "JobID", "operator": "in", "values": [1, 2, 3]},
                        {"parameter": "Owner", "operator": "not like", "value": "a%"}],
             "sort": [{"parameter": "JobID", "direction": "desc"}],
             "distinct": true}
            """);

        Assert.Equal(["JobID", "Status"], body.Parameters);
        Assert.Equal("Received", body.Search[0].Value!.Value.Text);
        Assert.Equal([1L, 2L, 3L], body.Search[1].Values!.Select(v => v.Number!.Value));
        Assert.Equal(SearchOperator.NotLike, body.Search[2].Operator);
        Assert.Equal(new SortSpec("JobID", SortDirection.Desc), body.Sort[0]);
        Assert.True(body.Distinct);
    }

    [Fact]
    public void Defaults_match_DiracX_and_specs_write_back_as_they_were_read()
    {
        var body = Specs.Parse<SearchParams>("{}");
        const string spec = """{"parameter":"JobID","operator":"not in","values":[1,2]}""";

        Assert.Null(body.Parameters);
        Assert.Empty(body.Search);
        Assert.Empty(body.Sort);
        Assert.False(body.Distinct);
        Assert.Equal(spec, JsonSerializer.Serialize(Specs.Filter(spec), Specs.Json));
    }

    [Theory]
    [InlineData("""{"search": [{"parameter": "Status", "operator": "eq"}]}""")]
    [InlineData("""{"search": [{"parameter": "Status", "operator": "eq", "values": ["a"]}]}""")]
    [InlineData("""{"search": [{"parameter": "JobID", "operator": "in", "value": 1}]}""")]
    [InlineData("""{"search": [{"parameter": "JobID", "operator": "in", "values": [1, "a"]}]}""")]
    [InlineData("""{"search": [{"parameter": "JobID", "operator": "eq", "value": 1.5}]}""")]
    [InlineData("""{"search": [{"parameter": "JobID", "operator": "eq", "value": true}]}""")]
    [InlineData("""{"search": [{"parameter": "JobID", "operator": "eq", "value": null}]}""")]
    [InlineData("""{"search": [{"parameter": "JobID", "operator": "between", "value": 1}]}""")]
    [InlineData("""{"search": [{"operator": "eq", "value": 1}]}""")]
    [InlineData("""{"search": [{"parameter": 5, "operator": "eq", "value": 1}]}""")]
    [InlineData("""{"search": null}""")]
    [InlineData("""{"sort": [{"parameter": "JobID", "direction": "up"}]}""")]
    [InlineData("""{"sort": [{"parameter": "JobID"}]}""")]
    [InlineData("""{"distinct": "yes"}""")]
    public void Wrong_search_shapes_fail_to_read_which_the_HTTP_layer_reports_as_422(string json)
    {
        Assert.ThrowsAny<JsonException>(() => Specs.Parse<SearchParams>(json));
    }

    [Fact]
    public void A_summary_needs_a_grouping()
    {
        Assert.Empty(Specs.Parse<SummaryParams>("""{"grouping": []}""").Search);
        Assert.ThrowsAny<JsonException>(() => Specs.Parse<SummaryParams>("""{"search": []}"""));
    }
}
