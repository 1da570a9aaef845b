namespace DiracX.Core.Jdl;

/// <summary>
/// A JDL (ClassAd) document: attributes in their written order. Names are case-sensitive, as in DIRAC's
/// ClassAdLight (a Python dict); setting an existing name replaces its value in place.
/// </summary>
/// <remarks>
/// Equality is by content: same names in the same order with equal values. The type is mutable, so do not
/// mutate a document while it is a key in a hash-based collection.
/// </remarks>
public sealed partial class JdlDocument : IEquatable<JdlDocument>
{
    private readonly List<KeyValuePair<string, JdlValue>> _attributes = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    /// <summary>Creates an empty document.</summary>
    public JdlDocument()
    {
    }

    /// <summary>Creates a document with the given attributes (later duplicates replace earlier ones).</summary>
    public JdlDocument(IEnumerable<KeyValuePair<string, JdlValue>> attributes)
    {
        foreach (var (name, value) in attributes)
        {
            Set(name, value);
        }
    }

    /// <summary>The attributes in order.</summary>
    public IReadOnlyList<KeyValuePair<string, JdlValue>> Attributes => _attributes;

    /// <summary>The attribute names in order.</summary>
    public IEnumerable<string> Names => _attributes.Select(a => a.Key);

    /// <summary>The number of attributes.</summary>
    public int Count => _attributes.Count;

    /// <summary>Whether the attribute exists (case-sensitive).</summary>
    public bool Contains(string name) => _index.ContainsKey(name);

    /// <summary>The attribute's value, or <see langword="null"/> if it is absent.</summary>
    public JdlValue? GetValue(string name) => _index.TryGetValue(name, out var i) ? _attributes[i].Value : null;

    /// <summary>Sets an attribute, replacing the value in place if the name exists, appending otherwise.</summary>
    /// <exception cref="ArgumentException">The name is not a valid JDL attribute name.</exception>
    public void Set(string name, JdlValue value)
    {
        if (!JdlSyntax.IsValidName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid JDL attribute name.", nameof(name));
        }

        ArgumentNullException.ThrowIfNull(value);
        if (_index.TryGetValue(name, out var i))
        {
            _attributes[i] = new(name, value);
        }
        else
        {
            _index[name] = _attributes.Count;
            _attributes.Add(new(name, value));
        }
    }

    /// <summary>Sets a string attribute.</summary>
    public void SetString(string name, string value) => Set(name, new JdlString(value));

    /// <summary>Sets an integer attribute.</summary>
    public void SetInt(string name, long value) => Set(name, new JdlInteger(value));

    /// <summary>Sets a boolean attribute.</summary>
    public void SetBool(string name, bool value) => Set(name, new JdlBoolean(value));

    /// <summary>Sets a list-of-strings attribute.</summary>
    public void SetStringList(string name, IEnumerable<string> values) => Set(name, JdlList.OfStrings(values));

    /// <summary>Removes an attribute; returns whether it existed.</summary>
    public bool Remove(string name)
    {
        if (!_index.Remove(name, out var i))
        {
            return false;
        }

        _attributes.RemoveAt(i);
        for (var j = i; j < _attributes.Count; j++)
        {
            _index[_attributes[j].Key] = j;
        }

        return true;
    }

    /// <summary>
    /// A deep copy (nested ClassAds are copied too). Values are immutable records apart from a ClassAd's document, so
    /// only ClassAds (and lists holding them) are copied; everything else is shared, and the names, already valid, are
    /// not checked again. Preparation clones each job's document, so this is on the submission's hot path.
    /// </summary>
    public JdlDocument Clone() => MapValues(CloneValue);

    /// <summary>A copy whose values are <paramref name="map"/> of this document's (same names, same order; names not checked again).</summary>
    internal JdlDocument MapValues(Func<JdlValue, JdlValue> map) => Copy(_attributes, map);

    /// <summary>A copy with the attributes sorted by name (ordinal), the order DIRAC's <c>asJDL</c> writes.</summary>
    /// <remarks>Names are unique, so the sort needs no stability; they are valid already and not checked again (every prepared job is sorted).</remarks>
    public JdlDocument SortedByName()
    {
        var sorted = _attributes.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return Copy(sorted, CloneValue);
    }

    // A document of these (already valid, distinct) names with mapped values, sized once.
    private static JdlDocument Copy(IReadOnlyList<KeyValuePair<string, JdlValue>> attributes, Func<JdlValue, JdlValue> map)
    {
        var copy = new JdlDocument();
        copy._attributes.Capacity = attributes.Count;
        copy._index.EnsureCapacity(attributes.Count);
        foreach (var (name, value) in attributes)
        {
            copy._index[name] = copy._attributes.Count;
            copy._attributes.Add(new(name, map(value)));
        }
        return copy;
    }

    /// <summary>The document in DIRAC's multi-line JDL layout.</summary>
    public override string ToString() => JdlWriter.Write(this);

    /// <inheritdoc />
    public bool Equals(JdlDocument? other)
    {
        if (other is null || other.Count != Count)
        {
            return false;
        }

        for (var i = 0; i < Count; i++)
        {
            if (!string.Equals(_attributes[i].Key, other._attributes[i].Key, StringComparison.Ordinal)
                || !_attributes[i].Value.Equals(other._attributes[i].Value))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as JdlDocument);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (name, value) in _attributes)
        {
            hash.Add(name, StringComparer.Ordinal);
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    private static JdlValue CloneValue(JdlValue value) => value switch
    {
        JdlClassAd ad => new JdlClassAd(ad.Document.Clone()),
        JdlList list when HoldsClassAd(list) => new JdlList(list.Items.Select(CloneValue)),
        _ => value,
    };

    private static bool HoldsClassAd(JdlList list)
    {
        foreach (var item in list.Items)
        {
            if (item is JdlClassAd || (item is JdlList inner && HoldsClassAd(inner)))
            {
                return true;
            }
        }
        return false;
    }
}
