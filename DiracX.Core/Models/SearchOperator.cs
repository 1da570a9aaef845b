using System.Text.Json.Serialization;

namespace DiracX.Core.Models;

/// <summary>A search filter operator, spelt on the wire as DiracX spells it (<c>"eq"</c>, <c>"not like"</c>, ...).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SearchOperator>))]
public enum SearchOperator
{
    /// <summary><c>eq</c>: equal (for partial dates: inside the period).</summary>
    [JsonStringEnumMemberName("eq")] Equal,
    /// <summary><c>neq</c>: not equal (for partial dates: outside the period).</summary>
    [JsonStringEnumMemberName("neq")] NotEqual,
    /// <summary><c>gt</c>: greater than (for partial dates: at or after the end of the period).</summary>
    [JsonStringEnumMemberName("gt")] GreaterThan,
    /// <summary><c>lt</c>: less than (for partial dates: before the start of the period).</summary>
    [JsonStringEnumMemberName("lt")] LessThan,
    /// <summary><c>like</c>: SQL LIKE pattern.</summary>
    [JsonStringEnumMemberName("like")] Like,
    /// <summary><c>not like</c>: negated SQL LIKE pattern.</summary>
    [JsonStringEnumMemberName("not like")] NotLike,
    /// <summary><c>regex</c>: regular expression search (matches anywhere in the value).</summary>
    [JsonStringEnumMemberName("regex")] Regex,
    /// <summary><c>in</c>: one of <c>values</c>.</summary>
    [JsonStringEnumMemberName("in")] In,
    /// <summary><c>not in</c>: none of <c>values</c>.</summary>
    [JsonStringEnumMemberName("not in")] NotIn,
}

/// <summary>Which operators take one <c>value</c> and which take a list of <c>values</c>.</summary>
public static class SearchOperators
{
    /// <summary>True for <c>in</c> and <c>not in</c>, which take <c>values</c>; the others take <c>value</c>.</summary>
    public static bool IsVector(this SearchOperator op) => op is SearchOperator.In or SearchOperator.NotIn;

    /// <summary>The wire spelling, e.g. <c>not like</c>.</summary>
    public static string WireName(this SearchOperator op) => op switch
    {
        SearchOperator.Equal => "eq",
        SearchOperator.NotEqual => "neq",
        SearchOperator.GreaterThan => "gt",
        SearchOperator.LessThan => "lt",
        SearchOperator.Like => "like",
        SearchOperator.NotLike => "not like",
        SearchOperator.Regex => "regex",
        SearchOperator.In => "in",
        SearchOperator.NotIn => "not in",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    /// <summary>Parses a wire spelling; null when unknown.</summary>
    public static SearchOperator? Parse(string wireName) => wireName switch
    {
        "eq" => SearchOperator.Equal,
        "neq" => SearchOperator.NotEqual,
        "gt" => SearchOperator.GreaterThan,
        "lt" => SearchOperator.LessThan,
        "like" => SearchOperator.Like,
        "not like" => SearchOperator.NotLike,
        "regex" => SearchOperator.Regex,
        "in" => SearchOperator.In,
        "not in" => SearchOperator.NotIn,
        _ => null,
    };
}
