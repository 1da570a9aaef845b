namespace DiracX.Core.Configuration;

/// <summary>
/// A parsed <c>DIRACX_CONFIG_BACKEND_URL</c>: <c>git+file:///path</c> (or a bare path) or <c>git+https://host/repo.git</c>,
/// with an optional <c>?revision=&lt;branch|sha&gt;</c> (default <c>master</c>).
/// </summary>
/// <param name="Scheme"><c>git+file</c> or <c>git+https</c>.</param>
/// <param name="Location">The local path, or the remote URL without <c>git+</c> and query.</param>
/// <param name="Revision">The branch, tag or commit to serve.</param>
public sealed record ConfigSourceUrl(string Scheme, string Location, string Revision)
{
    /// <summary>The branch DiracX serves by default.</summary>
    public const string DefaultRevision = "master";

    /// <summary>Whether the repository is local (read in place) rather than cloned.</summary>
    public bool IsLocal => Scheme == "git+file";

    /// <summary>Parses a backend URL.</summary>
    /// <exception cref="ArgumentException">The scheme is not supported or the path is empty.</exception>
    public static ConfigSourceUrl Parse(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        if (!url.Contains("://", StringComparison.Ordinal))
        {
            url = "git+file://" + url;
        }
        var query = url.IndexOf('?', StringComparison.Ordinal);
        var (address, revision) = query < 0 ? (url, DefaultRevision) : (url[..query], ReadRevision(url[(query + 1)..]));
        var scheme = address[..address.IndexOf("://", StringComparison.Ordinal)];
        var rest = address[(scheme.Length + 3)..];
        return scheme switch
        {
            "git+file" when rest.Length > 0 => new(scheme, Uri.UnescapeDataString(rest), revision),
            "git+file" => throw new ArgumentException("Empty path for a git+file configuration source", nameof(url)),
            "git+https" => new(scheme, "https://" + rest, revision),
            _ => throw new ArgumentException($"Unsupported configuration source scheme '{scheme}' (use git+file or git+https)", nameof(url)),
        };
    }

    private static string ReadRevision(string query)
    {
        foreach (var pair in query.Split('&'))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && pair[..eq] == "revision")
            {
                return Uri.UnescapeDataString(pair[(eq + 1)..]);
            }
        }
        return DefaultRevision;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{(IsLocal ? "git+file://" + Location : "git+" + Location)}{(Revision == DefaultRevision ? "" : "?revision=" + Revision)}";
}
