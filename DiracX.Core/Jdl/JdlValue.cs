namespace DiracX.Core.Jdl;

/// <summary>
/// A JDL attribute value. DIRAC's JDL is a subset of Condor ClassAds: strings, numbers, booleans, lists,
/// nested ClassAds, and anything else (such as <c>other.Site == "X"</c> or a bare word like <c>std.out</c>)
/// which is kept verbatim as an expression.
/// </summary>
public abstract record JdlValue
{
    private protected JdlValue()
    {
    }

    /// <summary>The value in compact JDL syntax (what the writer emits for it).</summary>
    public sealed override string ToString() => JdlWriter.WriteValue(this);
}

/// <summary>A string literal (<c>"text"</c>); <see cref="Value"/> is the unescaped text.</summary>
public sealed record JdlString(string Value) : JdlValue;

/// <summary>An integer literal that fits in 64 bits (larger ones stay expressions).</summary>
public sealed record JdlInteger(long Value) : JdlValue;

/// <summary>A boolean literal (<c>true</c> / <c>false</c>, case-insensitive when read).</summary>
public sealed record JdlBoolean(bool Value) : JdlValue;

/// <summary>
/// Any other value, kept as its trimmed source text. The text must be valid JDL expression text: build
/// expressions from untrusted text with <see cref="JdlParser.ParseValue"/>, never with this constructor.
/// </summary>
public sealed record JdlExpression(string Text) : JdlValue;

/// <summary>A nested ClassAd <c>[ Name = value; ... ]</c>.</summary>
public sealed record JdlClassAd(JdlDocument Document) : JdlValue;

/// <summary>A finite floating-point literal such as <c>1.5</c> or <c>2e3</c>.</summary>
public sealed record JdlFloat : JdlValue
{
    /// <summary>Creates the value; NaN and infinities have no JDL spelling and are rejected.</summary>
    public JdlFloat(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "JDL floats must be finite.");
        }

        Value = value;
    }

    /// <summary>The number.</summary>
    public double Value { get; }
}

/// <summary>A list <c>{ a, b, ... }</c>.</summary>
public sealed record JdlList : JdlValue
{
    /// <summary>Creates a list of the given items.</summary>
    public JdlList(IEnumerable<JdlValue> items)
    {
        Items = [.. items];
    }

    /// <summary>The items, in order.</summary>
    public IReadOnlyList<JdlValue> Items { get; }

    /// <summary>A list of string literals.</summary>
    public static JdlList OfStrings(IEnumerable<string> values) => new(values.Select(v => new JdlString(v)));

    /// <inheritdoc />
    public bool Equals(JdlList? other) => other is not null && Items.SequenceEqual(other.Items);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in Items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }
}
