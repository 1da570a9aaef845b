using System.Globalization;
using System.Text.RegularExpressions;

namespace DiracX.Core.Versioning;

/// <summary>
/// A version compared with PEP 440 semantics, as DiracX compares client versions (Python's <c>packaging.version</c>).
/// Python clients send versions such as <c>0.4.0a1</c> or <c>0.3.1.dev12+gabc</c>.
/// </summary>
public sealed partial class Pep440Version : IComparable<Pep440Version>, IEquatable<Pep440Version>
{
    // The permissive grammar of packaging.version.VERSION_PATTERN.
    [GeneratedRegex("""
        ^\s*v?
        (?:(?<epoch>[0-9]+)!)?
        (?<release>[0-9]+(?:\.[0-9]+)*)
        (?<pre>[-_\.]?(?<pre_l>alpha|a|beta|b|preview|pre|c|rc)[-_\.]?(?<pre_n>[0-9]+)?)?
        (?<post>(?:-(?<post_n1>[0-9]+))|(?:[-_\.]?(?<post_l>post|rev|r)[-_\.]?(?<post_n2>[0-9]+)?))?
        (?<dev>[-_\.]?(?<dev_l>dev)[-_\.]?(?<dev_n>[0-9]+)?)?
        (?:\+(?<local>[a-z0-9]+(?:[-_\.][a-z0-9]+)*))?
        \s*$
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Pattern();

    private readonly long[] _release;

    private Pep440Version(string text, long epoch, long[] release, (int Rank, long Number)? pre, long? post, long? dev, string? local)
    {
        Text = text;
        Epoch = epoch;
        _release = release;
        Pre = pre;
        Post = post;
        Dev = dev;
        Local = local;
    }

    /// <summary>The text this version was parsed from.</summary>
    public string Text { get; }

    /// <summary>The epoch (<c>N!</c>), 0 when absent.</summary>
    public long Epoch { get; }

    /// <summary>The release numbers, e.g. [0, 4, 0].</summary>
    public IReadOnlyList<long> Release => _release;

    /// <summary>The pre-release: rank (0 = a, 1 = b, 2 = rc) and number.</summary>
    public (int Rank, long Number)? Pre { get; }

    /// <summary>The post-release number.</summary>
    public long? Post { get; }

    /// <summary>The development-release number.</summary>
    public long? Dev { get; }

    /// <summary>The local version label (after <c>+</c>), lower-cased.</summary>
    public string? Local { get; }

    /// <summary>Parses a version; returns false when the text is not a PEP 440 version.</summary>
    public static bool TryParse(string? text, out Pep440Version version)
    {
        version = null!;
        if (string.IsNullOrEmpty(text) || text.Length > 256)
        {
            return false;
        }
        Match m;
        try
        {
            m = Pattern().Match(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
        if (!m.Success)
        {
            return false;
        }
        if (!TryNumber(m.Groups["epoch"], 0, out var epoch) || !TryRelease(m.Groups["release"].Value, out var release))
        {
            return false;
        }
        (int, long)? pre = null;
        if (m.Groups["pre"].Success)
        {
            var rank = m.Groups["pre_l"].Value.ToLowerInvariant() switch
            {
                "a" or "alpha" => 0,
                "b" or "beta" => 1,
                _ => 2, // c, rc, pre, preview
            };
            if (!TryNumber(m.Groups["pre_n"], 0, out var n))
            {
                return false;
            }
            pre = (rank, n);
        }
        long? post = null;
        if (m.Groups["post"].Success)
        {
            var group = m.Groups["post_n1"].Success ? m.Groups["post_n1"] : m.Groups["post_n2"];
            if (!TryNumber(group, 0, out var n))
            {
                return false;
            }
            post = n;
        }
        long? dev = null;
        if (m.Groups["dev"].Success)
        {
            if (!TryNumber(m.Groups["dev_n"], 0, out var n))
            {
                return false;
            }
            dev = n;
        }
        var local = m.Groups["local"].Success ? m.Groups["local"].Value.ToLowerInvariant().Replace('-', '.').Replace('_', '.') : null;
        version = new Pep440Version(text, epoch, release, pre, post, dev, local);
        return true;
    }

    /// <summary>Parses a version or throws <see cref="FormatException"/> with Python's message.</summary>
    public static Pep440Version Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"Invalid version: '{text}'");

    private static bool TryNumber(Group group, long fallback, out long value)
    {
        value = fallback;
        return !group.Success || long.TryParse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryRelease(string text, out long[] release)
    {
        var parts = text.Split('.');
        release = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out release[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(Pep440Version? other) => other is null ? 1 : Pep440Comparer.Compare(this, other);

    /// <inheritdoc />
    public bool Equals(Pep440Version? other) => CompareTo(other) == 0;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Pep440Version v && Equals(v);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Epoch, _release.Reverse().SkipWhile(x => x == 0).Count(), Pre, Post, Dev);

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>Compares two versions.</summary>
    public static bool operator ==(Pep440Version? left, Pep440Version? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Compares two versions.</summary>
    public static bool operator !=(Pep440Version? left, Pep440Version? right) => !(left == right);

    /// <summary>Compares two versions.</summary>
    public static bool operator <(Pep440Version left, Pep440Version right) => left.CompareTo(right) < 0;

    /// <summary>Compares two versions.</summary>
    public static bool operator >(Pep440Version left, Pep440Version right) => left.CompareTo(right) > 0;

    /// <summary>Compares two versions.</summary>
    public static bool operator <=(Pep440Version left, Pep440Version right) => left.CompareTo(right) <= 0;

    /// <summary>Compares two versions.</summary>
    public static bool operator >=(Pep440Version left, Pep440Version right) => left.CompareTo(right) >= 0;
}
