using DiracX.Core.Errors;

namespace DiracX.Db.Tests.Search;

/// <summary>DiracX's partial-date matrix (diracx-routers tests/jobs/test_query.py), on rows one day apart from 2024-01-01T00:00:00.250Z.</summary>
public class PartialDateTests(SearchDatabase db) : IClassFixture<SearchDatabase>
{
    private static readonly DateTimeOffset s_first = Item.All[0].SubmissionTime;

    public static TheoryData<string, string, int> Matrix => new()
    {
        { "eq", "2024", 100 },
        { "lt", "2024", 0 },
        { "gt", "2024-01", 69 },                          // from 2024-02-01: items 32..100
        { "lt", "2024-02", 31 },
        { "eq", "2024-01-01", 1 },
        { "eq", "2024-01-01 00", 1 },
        { "eq", "2024-01-01T00", 1 },
        { "neq", "2024-01-01 01", 100 },
        { "lt", "2024-01-02 00", 1 },
        { "eq", "2024-01-02 00:00", 1 },
        { "gt", "2024-01-01 00:00:00", 99 },              // at or after 00:00:01
        { "neq", "2024-01-01 00:00:00", 99 },
        { "eq", "2024-01-01 00:00:00", 1 },
        { "eq", "2024-01-01 00:00:00.123456", 1 },        // fractions are dropped: second precision
        { "eq", "2024-01-01 00:00:00.123456Z", 1 },
        { "eq", "2024-01-01 00:00:00.123Z", 1 },
        { "eq", "2024-01-01T00:00:00.000Z", 1 },          // browsers (Date.toISOString)
        { "eq", "2024-01-01T00:00:00Z", 1 },
        { "eq", "2024-01-01T00:00:00+00:00", 1 },         // Python's isoformat() of an aware UTC datetime
        { "eq", "2024-01-01T00:00:00.123456+00:00", 1 },
        { "eq", "2024-01-01T00:00:00.1234567Z", 1 },      // .NET's round-trip format
        { "eq", "2024-12", 0 },
        { "lt", "2025", 100 },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Partial_dates_are_half_open_periods_in_UTC(string op, string value, int expected)
    {
        var page = await db.SearchAsync(Specs.Where(Specs.Filter(
            $$"""{"parameter": "SubmissionTime", "operator": "{{op}}", "value": "{{value}}"}""")));

        Assert.Equal(expected, page.Total);
    }

    [Fact]
    public async Task In_and_not_in_take_the_union_of_the_periods()
    {
        var inside = await db.SearchAsync(Specs.Where(Specs.Filter(
            """{"parameter": "SubmissionTime", "operator": "in", "values": ["2024-01", "2024-03"]}""")));
        var outside = await db.SearchAsync(Specs.Where(Specs.Filter(
            """{"parameter": "SubmissionTime", "operator": "not in", "values": ["2024-01", "2024-03"]}""")));

        Assert.Equal(62, inside.Total);
        Assert.Equal(38, outside.Total);
    }

    [Fact]
    public async Task Rows_carry_instants_as_UTC_DateTimeOffset()
    {
        var page = await db.SearchAsync(new() { Parameters = ["SubmissionTime"], Search = [Specs.Filter("""{"parameter": "ItemID", "operator": "eq", "value": 1}""")] });

        var value = Assert.IsType<DateTimeOffset>(page.Rows[0]["SubmissionTime"]);
        Assert.Equal(s_first, value);
        Assert.Equal(TimeSpan.Zero, value.Offset);
    }

    [Fact]
    public async Task Server_code_can_compare_exact_instants()
    {
        var page = await db.SearchAsync(Specs.Where(DiracX.Core.Models.SearchSpec.Eq("SubmissionTime", DiracX.Core.Models.SearchValue.Of(s_first))));

        Assert.Equal([1], page.Rows.Select(r => (int)r["ItemID"]!));
    }

    [Theory]
    [InlineData("""{"parameter": "SubmissionTime", "operator": "eq", "value": "2024-01-01T00:00:00+02:00"}""", "Cannot parse value='2024-01-01T00:00:00+02:00'")]
    [InlineData("""{"parameter": "SubmissionTime", "operator": "eq", "value": "2024-01-01T00:00Z"}""", "Cannot parse value='2024-01-01T00:00Z'")]
    [InlineData("""{"parameter": "SubmissionTime", "operator": "eq", "value": "yesterday"}""", "Cannot parse value='yesterday'")]
    [InlineData("""{"parameter": "SubmissionTime", "operator": "eq", "value": "2024-13"}""", "Cannot parse value='2024-13'")]
    [InlineData("""{"parameter": "SubmissionTime", "operator": "eq", "value": 2024}""", "Cannot parse value=2024")]
    [InlineData("""{"parameter": "SubmissionTime", "operator": "like", "value": "2024%"}""", "Cannot parse value='2024%'")]
    [InlineData("""{"parameter": "SubmissionTime", "operator": "like", "value": "2024"}""", "Operator 'like' is not supported for partial datetime values")]
    [InlineData("""{"parameter": "SubmissionTime", "operator": "regex", "value": "2024-01"}""", "Operator 'regex' is not supported for partial datetime values")]
    [InlineData("""{"parameter": "SubmissionTime", "operator": "in", "values": ["2024", "2024-01"]}""",
        "Cannot mix different time resolutions in query={'parameter': 'SubmissionTime', 'operator': 'in', 'values': ['2024', '2024-01']}")]
    public async Task Values_that_are_not_partial_dates_are_a_400_with_DiracX_messages(string filter, string message)
    {
        var e = await Assert.ThrowsAsync<DiracException>(() => db.SearchAsync(Specs.Where(Specs.Filter(filter))));

        Assert.Equal(message, e.Message);
    }
}
