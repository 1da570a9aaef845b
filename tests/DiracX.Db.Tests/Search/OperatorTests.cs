using DiracX.Core.Models;

namespace DiracX.Db.Tests.Search;

public class OperatorTests(SearchDatabase db) : IClassFixture<SearchDatabase>
{
    public static TheoryData<string, string> Cases => new()
    {
        // Text column
        { """{"parameter": "Owner", "operator": "eq", "value": "owner4"}""", "Owner == owner4" },
        { """{"parameter": "Owner", "operator": "neq", "value": "owner4"}""", "Owner != owner4" },
        { """{"parameter": "Owner", "operator": "gt", "value": "owner90"}""", "Owner > owner90" },
        { """{"parameter": "Owner", "operator": "lt", "value": "owner10"}""", "Owner < owner10" },
        { """{"parameter": "Owner", "operator": "like", "value": "owner1%"}""", "Owner like owner1%" },
        { """{"parameter": "Owner", "operator": "not like", "value": "owner1%"}""", "Owner not like owner1%" },
        { """{"parameter": "OwnerGroup", "operator": "not like", "value": "owner_group2"}""", "OwnerGroup not like owner_group2" },
        { """{"parameter": "Owner", "operator": "regex", "value": "owner[0-3]+"}""", "Owner regex owner[0-3]+" },
        { """{"parameter": "Owner", "operator": "regex", "value": "^owner\\d+$"}""", "Owner regex all" },
        { """{"parameter": "Owner", "operator": "in", "values": ["owner1", "owner2", "nobody"]}""", "Owner in 1,2" },
        { """{"parameter": "Owner", "operator": "not in", "values": ["owner1", "owner2", "nobody"]}""", "Owner not in 1,2" },
        { """{"parameter": "Site", "operator": "neq", "value": "Site_1"}""", "Site != Site_1 (nulls excluded)" },
        { """{"parameter": "Site", "operator": "not in", "values": ["Site_1"]}""", "Site not in Site_1 (nulls excluded)" },
        // Integer column, integers and integer strings
        { """{"parameter": "ItemID", "operator": "eq", "value": 3}""", "ItemID == 3" },
        { """{"parameter": "ItemID", "operator": "eq", "value": "3"}""", "ItemID == 3" },
        { """{"parameter": "ItemID", "operator": "neq", "value": 3}""", "ItemID != 3" },
        { """{"parameter": "ItemID", "operator": "gt", "value": 97}""", "ItemID > 97" },
        { """{"parameter": "ItemID", "operator": "lt", "value": 3}""", "ItemID < 3" },
        { """{"parameter": "ItemID", "operator": "in", "values": [1, 2, 5873]}""", "ItemID in 1,2" },
        { """{"parameter": "ItemID", "operator": "not in", "values": [1, 2, 5873]}""", "ItemID not in 1,2" },
        { """{"parameter": "ItemID", "operator": "in", "values": []}""", "none" },
        { """{"parameter": "ItemID", "operator": "not in", "values": []}""", "all" },
        { """{"parameter": "ItemID", "operator": "like", "value": "1%"}""", "ItemID like 1%" },
        { """{"parameter": "ItemID", "operator": "regex", "value": "^9"}""", "ItemID regex ^9" },
        // Float column
        { """{"parameter": "Score", "operator": "eq", "value": "2.5"}""", "Score == 2.5" },
        { """{"parameter": "Score", "operator": "gt", "value": 48}""", "Score > 48" },
        { """{"parameter": "Score", "operator": "lt", "value": "1.5"}""", "Score < 1.5" },
        { """{"parameter": "Score", "operator": "in", "values": ["0.5", "50"]}""", "Score in 0.5,50" },
        // Boolean column
        { """{"parameter": "Flag", "operator": "eq", "value": "true"}""", "Flag" },
        { """{"parameter": "Flag", "operator": "eq", "value": "False"}""", "!Flag" },
        { """{"parameter": "Flag", "operator": "neq", "value": 1}""", "!Flag" },
        { """{"parameter": "Flag", "operator": "in", "values": [0]}""", "!Flag" },
        // DateTime column (partial dates; the full matrix is in PartialDateTests)
        { """{"parameter": "SubmissionTime", "operator": "eq", "value": "2024-01-02"}""", "ItemID == 2" },
        { """{"parameter": "SubmissionTime", "operator": "in", "values": ["2024-01-02", "2024-01-05"]}""", "ItemID in 2,5" },
    };

    private static Func<Item, bool> Expected(string name) => name switch
    {
        "Owner == owner4" => i => i.Owner == "owner4",
        "Owner != owner4" => i => i.Owner != "owner4",
        "Owner > owner90" => i => string.CompareOrdinal(i.Owner, "owner90") > 0,
        "Owner < owner10" => i => string.CompareOrdinal(i.Owner, "owner10") < 0,
        "Owner like owner1%" => i => i.Owner.StartsWith("owner1", StringComparison.Ordinal),
        "Owner not like owner1%" => i => !i.Owner.StartsWith("owner1", StringComparison.Ordinal),
        "OwnerGroup not like owner_group2" => i => i.OwnerGroup != "owner_group2",
        "Owner regex owner[0-3]+" => i => i.Owner[5] is >= '0' and <= '3',
        "Owner regex all" => _ => true,
        "Owner in 1,2" => i => i.Owner is "owner1" or "owner2",
        "Owner not in 1,2" => i => i.Owner is not ("owner1" or "owner2"),
        "Site != Site_1 (nulls excluded)" or "Site not in Site_1 (nulls excluded)" => i => i.Site is not null and not "Site_1",
        "ItemID == 3" => i => i.ItemId == 3,
        "ItemID != 3" => i => i.ItemId != 3,
        "ItemID > 97" => i => i.ItemId > 97,
        "ItemID < 3" => i => i.ItemId < 3,
        "ItemID in 1,2" => i => i.ItemId is 1 or 2,
        "ItemID not in 1,2" => i => i.ItemId is not (1 or 2),
        "ItemID like 1%" => i => i.ItemId.ToString(System.Globalization.CultureInfo.InvariantCulture).StartsWith('1'),
        "ItemID regex ^9" => i => i.ItemId.ToString(System.Globalization.CultureInfo.InvariantCulture).StartsWith('9'),
        "Score == 2.5" => i => i.Score == 2.5,
        "Score > 48" => i => i.Score > 48,
        "Score < 1.5" => i => i.Score < 1.5,
        "Score in 0.5,50" => i => i.Score is 0.5 or 50,
        "Flag" => i => i.Flag,
        "!Flag" => i => !i.Flag,
        "ItemID == 2" => i => i.ItemId == 2,
        "ItemID in 2,5" => i => i.ItemId is 2 or 5,
        "none" => _ => false,
        "all" => _ => true,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_operator_selects_the_rows_its_meaning_selects(string filter, string expected)
    {
        var page = await db.SearchAsync(Specs.Where(Specs.Filter(filter)));

        var want = Item.All.Where(Expected(expected)).Select(i => i.ItemId).Order().ToList();
        Assert.Equal(want.Count, page.Total);
        Assert.Equal(want, page.Rows.Select(r => (int)r["ItemID"]!).Order().ToList());
    }

    [Fact]
    public async Task The_regex_owner_0_3_matches_anywhere_like_DiracX_34_rows()
    {
        var page = await db.SearchAsync(Specs.Where(SearchSpec.Scalar("Owner", SearchOperator.Regex, "owner[0-3]+")));

        Assert.Equal(34, page.Total);
    }

    [Fact]
    public async Task Filters_are_ANDed_and_the_same_column_can_be_filtered_twice()
    {
        var both = await db.SearchAsync(Specs.Where(SearchSpec.Eq("Owner", "owner4"), SearchSpec.In("ItemID", [4, 5, 6])));
        var contradictory = await db.SearchAsync(Specs.Where(SearchSpec.Eq("ItemID", 70), SearchSpec.In("ItemID", [4, 5, 6])));

        Assert.Equal([5], both.Rows.Select(r => (int)r["ItemID"]!));
        Assert.Equal(0, contradictory.Total);
        Assert.Empty(contradictory.Rows);
    }

    [Fact]
    public async Task Mandatory_filters_are_added_to_the_request_filters()
    {
        var page = await db.SearchAsync(Specs.Where(SearchSpec.Eq("OwnerGroup", "owner_group1")), mandatory: [SearchSpec.Eq("Status", "Done")]);

        var want = Item.All.Where(i => i is { OwnerGroup: "owner_group1", Status: "Done" }).Select(i => i.ItemId).ToList();
        Assert.Equal(want, page.Rows.Select(r => (int)r["ItemID"]!));
    }

    [Theory]
    [InlineData("""{"parameter": "ItemID", "operator": "eq", "value": "three"}""", "Cannot parse value='three' for column ItemID")]
    [InlineData("""{"parameter": "Flag", "operator": "eq", "value": "maybe"}""", "Cannot parse value='maybe' for column Flag")]
    [InlineData("""{"parameter": "Score", "operator": "in", "values": ["1", "NaN"]}""", "Cannot parse value='NaN' for column Score")]
    [InlineData("""{"parameter": "Nope", "operator": "eq", "value": 1}""", "Unknown column Nope")]
    [InlineData("""{"parameter": "Owner", "operator": "regex", "value": "owner[1-"}""", "Invalid regex owner[1-")]
    public async Task Values_that_do_not_fit_the_column_are_a_400_with_a_clear_message(string filter, string message)
    {
        var e = await Assert.ThrowsAsync<DiracX.Core.Errors.DiracException>(() => db.SearchAsync(Specs.Where(Specs.Filter(filter))));

        Assert.Equal(DiracX.Core.Errors.DiracErrorKind.BadRequest, e.Kind);
        Assert.Equal(message, e.Message);
    }
}
