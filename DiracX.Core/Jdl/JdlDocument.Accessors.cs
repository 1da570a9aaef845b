namespace DiracX.Core.Jdl;

/// <summary>Typed reads with DIRAC's ClassAdLight semantics.</summary>
public sealed partial class JdlDocument
{
    /// <summary>
    /// The attribute as text (DIRAC <c>getAttributeString</c>): a string's value, or the compact JDL text
    /// of any other value with its double quotes removed; <see langword="null"/> if absent.
    /// </summary>
    public string? GetString(string name) => GetValue(name) is { } value ? JdlText.AsText(value) : null;

    /// <summary>
    /// The attribute as a list of strings (DIRAC <c>getListFromExpression</c>): the items of a list, or a
    /// single value split on commas, so <c>"a"</c> and <c>{ "a" }</c> read alike. Empty if absent.
    /// </summary>
    public IReadOnlyList<string> GetStringList(string name) =>
        GetValue(name) is { } value ? JdlText.AsStringList(value) : [];

    /// <summary>
    /// The attribute as an integer (DIRAC <c>getAttributeInt</c>): an integer, or a string or expression
    /// whose text is a decimal integer. <see langword="null"/> if absent or not an integer (floats are not).
    /// </summary>
    public long? GetInt(string name) => GetValue(name) is { } value ? JdlText.AsInteger(value) : null;

    /// <summary>The attribute as a number (DIRAC <c>getAttributeFloat</c>), or <see langword="null"/>.</summary>
    public double? GetFloat(string name) => GetValue(name) is { } value ? JdlText.AsFloat(value) : null;

    /// <summary>
    /// The attribute as a boolean (DIRAC <c>getAttributeBool</c>): true only for <c>true</c> or the text
    /// "true" in any case; false when absent.
    /// </summary>
    public bool GetBool(string name) =>
        GetValue(name) is { } value
        && (value is JdlBoolean b ? b.Value : string.Equals(JdlText.AsText(value), "true", StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the attribute is a list (DIRAC <c>isAttributeList</c>).</summary>
    public bool IsList(string name) => GetValue(name) is JdlList;
}
