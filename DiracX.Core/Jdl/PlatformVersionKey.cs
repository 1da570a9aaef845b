namespace DiracX.Core.Jdl;

/// <summary>DIRAC's <c>_platformSortKey</c>, loosely distutils' LooseVersion: numbers compare numerically.</summary>
internal static class PlatformVersionKey
{
    private const string ZeroPart = "00000000";

    public static readonly IComparer<IReadOnlyList<string>> Comparer = Comparer<IReadOnlyList<string>>.Create(Compare);

    /// <summary>Splits the lower-cased name into digit runs (zero-padded to 8), letter runs and the text
    /// between them, dropping dots and trailing zero parts before a non-numeric part.</summary>
    public static IReadOnlyList<string> For(string platform)
    {
        var text = platform.ToLowerInvariant();
        var parts = new List<string>();
        var i = 0;
        var other = 0;
        while (i < text.Length)
        {
            var length = MatchLength(text, i);
            if (length == 0)
            {
                i++;
                continue;
            }

            Add(parts, text[other..i]);
            Add(parts, text.Substring(i, length));
            i += length;
            other = i;
        }

        Add(parts, text[other..]);
        return parts;
    }

    private static int MatchLength(string text, int i)
    {
        if (char.IsAsciiDigit(text[i]))
        {
            return Run(text, i, char.IsAsciiDigit);
        }

        if (char.IsAsciiLetterLower(text[i]))
        {
            return Run(text, i, char.IsAsciiLetterLower);
        }

        if (text[i] == '.')
        {
            return 1;
        }

        return text[i] == ' ' && i + 1 < text.Length && text[i + 1] == '-' ? 2 : 0;
    }

    private static int Run(string text, int i, Func<char, bool> predicate)
    {
        var end = i;
        while (end < text.Length && predicate(text[end]))
        {
            end++;
        }

        return end - i;
    }

    private static void Add(List<string> parts, string part)
    {
        if (part.Length == 0 || part == ".")
        {
            return;
        }

        if (char.IsAsciiDigit(part[0]))
        {
            part = part.PadLeft(8, '0');
        }
        else
        {
            while (parts.Count > 0 && parts[^1] == ZeroPart)
            {
                parts.RemoveAt(parts.Count - 1);
            }
        }

        parts.Add(part);
    }

    private static int Compare(IReadOnlyList<string>? x, IReadOnlyList<string>? y)
    {
        for (var i = 0; i < Math.Min(x!.Count, y!.Count); i++)
        {
            var c = string.CompareOrdinal(x[i], y[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return x.Count.CompareTo(y.Count);
    }
}
