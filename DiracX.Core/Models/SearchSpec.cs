using System.Text.Json.Serialization;

namespace DiracX.Core.Models;

/// <summary>
/// One search filter, DiracX's <c>ScalarSearchSpec | VectorSearchSpec</c>:
/// <c>{"parameter", "operator", "value"}</c> for scalar operators, <c>{"parameter", "operator", "values"}</c> for
/// <c>in</c> / <c>not in</c>. Reading JSON enforces the shape (the HTTP layer turns a mismatch into 422).
/// </summary>
[JsonConverter(typeof(SearchSpecJsonConverter))]
public sealed record SearchSpec
{
    private SearchSpec(string parameter, SearchOperator op, SearchValue? value, IReadOnlyList<SearchValue>? values)
    {
        Parameter = parameter;
        Operator = op;
        Value = value;
        Values = values;
    }

    /// <summary>The column (DiracX name) the filter applies to.</summary>
    public string Parameter { get; }

    /// <summary>The operator.</summary>
    public SearchOperator Operator { get; }

    /// <summary>The value of a scalar operator; null for <c>in</c> / <c>not in</c>.</summary>
    public SearchValue? Value { get; }

    /// <summary>The values of <c>in</c> / <c>not in</c>; null for scalar operators.</summary>
    public IReadOnlyList<SearchValue>? Values { get; }

    /// <summary>A scalar filter (<c>eq, neq, gt, lt, like, not like, regex</c>).</summary>
    /// <exception cref="ArgumentException">The operator is <c>in</c> or <c>not in</c>.</exception>
    public static SearchSpec Scalar(string parameter, SearchOperator op, SearchValue value) =>
        op.IsVector()
            ? throw new ArgumentException($"Operator '{op.WireName()}' takes a list of values", nameof(op))
            : new(parameter, op, value, null);

    /// <summary>A vector filter (<c>in, not in</c>).</summary>
    /// <exception cref="ArgumentException">The operator is a scalar one.</exception>
    public static SearchSpec Vector(string parameter, SearchOperator op, IEnumerable<SearchValue> values) =>
        op.IsVector()
            ? new(parameter, op, null, [.. values])
            : throw new ArgumentException($"Operator '{op.WireName()}' takes a single value", nameof(op));

    /// <summary><c>parameter eq value</c>.</summary>
    public static SearchSpec Eq(string parameter, SearchValue value) => Scalar(parameter, SearchOperator.Equal, value);

    /// <summary><c>parameter in values</c>.</summary>
    public static SearchSpec In(string parameter, IEnumerable<SearchValue> values) => Vector(parameter, SearchOperator.In, values);
}
