namespace DiracX.Client.Settings;

/// <summary>Reads dotenv files as python-dotenv does for the simple cases: <c>KEY=value</c>, <c>export KEY=value</c>, quotes, comments.</summary>
public static class Dotenv
{
    /// <summary>The variables of <paramref name="path"/>; a missing file has none.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Read(string path)
    {
        if (!File.Exists(path))
        {
            yield break;
        }
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line[7..].TrimStart();
            }
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }
            var key = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
            {
                value = value[1..^1];
            }
            else if (value.IndexOf(" #", StringComparison.Ordinal) is var hash and >= 0)
            {
                value = value[..hash].TrimEnd();
            }
            yield return new(key, value);
        }
    }
}
