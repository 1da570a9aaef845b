namespace DiracX.Core.Versioning;

/// <summary>PEP 440 ordering, as Python's <c>packaging</c> implements it (its <c>_cmpkey</c>).</summary>
internal static class Pep440Comparer
{
    public static int Compare(Pep440Version x, Pep440Version y)
    {
        var c = x.Epoch.CompareTo(y.Epoch);
        if (c != 0)
        {
            return c;
        }
        c = CompareRelease(x.Release, y.Release);
        if (c != 0)
        {
            return c;
        }
        c = PreKey(x).CompareTo(PreKey(y));
        if (c != 0)
        {
            return c;
        }
        c = (x.Post ?? -1).CompareTo(y.Post ?? -1);
        if (c != 0)
        {
            return c;
        }
        c = (x.Dev ?? long.MaxValue).CompareTo(y.Dev ?? long.MaxValue);
        return c != 0 ? c : CompareLocal(x.Local, y.Local);
    }

    private static int CompareRelease(IReadOnlyList<long> a, IReadOnlyList<long> b)
    {
        // Trailing zeros do not count: 1.0 == 1.0.0.
        for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            var c = (i < a.Count ? a[i] : 0).CompareTo(i < b.Count ? b[i] : 0);
            if (c != 0)
            {
                return c;
            }
        }
        return 0;
    }

    // A dev release without pre or post sorts before every pre-release of the same release; a final release after.
    private static (int, long) PreKey(Pep440Version v) => v switch
    {
        { Pre: null, Post: null, Dev: not null } => (-1, 0),
        { Pre: null } => (3, 0),
        _ => (v.Pre!.Value.Rank, v.Pre.Value.Number),
    };

    private static int CompareLocal(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return (a is null ? 0 : 1) - (b is null ? 0 : 1);
        }
        var pa = a.Split('.');
        var pb = b.Split('.');
        for (var i = 0; i < Math.Min(pa.Length, pb.Length); i++)
        {
            var na = long.TryParse(pa[i], out var ia);
            var nb = long.TryParse(pb[i], out var ib);
            // Numeric segments sort after alphanumeric ones.
            var c = (na, nb) switch
            {
                (true, true) => ia.CompareTo(ib),
                (true, false) => 1,
                (false, true) => -1,
                _ => string.CompareOrdinal(pa[i], pb[i]),
            };
            if (c != 0)
            {
                return c;
            }
        }
        return pa.Length.CompareTo(pb.Length);
    }
}
