using System.Text.Json.Serialization;

namespace DiracX.Core.Models;

/// <summary>Sort direction, <c>"asc"</c> or <c>"desc"</c> on the wire.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SortDirection>))]
public enum SortDirection
{
    /// <summary>Ascending.</summary>
    [JsonStringEnumMemberName("asc")] Asc,
    /// <summary>Descending.</summary>
    [JsonStringEnumMemberName("desc")] Desc,
}

/// <summary>One sort key, DiracX's <c>SortSpec</c>: <c>{"parameter", "direction"}</c>.</summary>
/// <param name="Parameter">The column (DiracX name).</param>
/// <param name="Direction">The direction.</param>
public sealed record SortSpec(
    [property: JsonPropertyName("parameter")] string Parameter,
    [property: JsonPropertyName("direction")] SortDirection Direction);

/// <summary>The body of <c>POST /api/{jobs,pilots}/search</c>, DiracX's <c>SearchParams</c>.</summary>
public sealed record SearchParams : IJsonOnDeserialized
{
    /// <summary>Columns to return (null or empty: all columns, in table order).</summary>
    [JsonPropertyName("parameters")]
    public IReadOnlyList<string>? Parameters { get; init; }

    /// <summary>Filters, all ANDed.</summary>
    [JsonPropertyName("search")]
    public IReadOnlyList<SearchSpec> Search { get; init; } = [];

    /// <summary>Sort keys, applied in order.</summary>
    [JsonPropertyName("sort")]
    public IReadOnlyList<SortSpec> Sort { get; init; } = [];

    /// <summary>Return distinct rows only (the total counts distinct rows too).</summary>
    [JsonPropertyName("distinct")]
    public bool Distinct { get; init; }

    /// <inheritdoc />
    void IJsonOnDeserialized.OnDeserialized()
    {
        NullItems.Refuse(Parameters, "parameters");
        NullItems.Refuse(Search, "search");
        NullItems.Refuse(Sort, "sort");
    }
}

/// <summary>The body of <c>POST /api/{jobs,pilots}/summary</c>, DiracX's <c>SummaryParams</c>.</summary>
public sealed record SummaryParams : IJsonOnDeserialized
{
    /// <summary>Columns to group by; empty groups by every column (DiracX quirk A12).</summary>
    [JsonPropertyName("grouping")]
    public required IReadOnlyList<string> Grouping { get; init; }

    /// <summary>Filters, all ANDed.</summary>
    [JsonPropertyName("search")]
    public IReadOnlyList<SearchSpec> Search { get; init; } = [];

    /// <inheritdoc />
    void IJsonOnDeserialized.OnDeserialized()
    {
        NullItems.Refuse(Grouping, "grouping");
        NullItems.Refuse(Search, "search");
    }
}

/// <summary>
/// System.Text.Json puts a JSON <c>null</c> item into a list whatever the item's annotation (its nullable checks stop at
/// properties): the request models refuse it once read, at the item's path (these models are whole request bodies).
/// </summary>
internal static class NullItems
{
    public static void Refuse<T>(IReadOnlyList<T>? items, string property)
        where T : class
    {
        if (items is null)
        {
            return;
        }
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is null)
            {
                throw new System.Text.Json.JsonException($"The JSON value could not be converted to {typeof(T)}.", $"$.{property}[{i}]", null, null);
            }
        }
    }
}
