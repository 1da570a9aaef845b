using System.Text.RegularExpressions;

namespace DiracX.Logic.Sandboxes;

/// <summary>A sandbox PFN, <c>[SB:&lt;SE&gt;|]/S3/&lt;bucket&gt;/&lt;vo&gt;/&lt;group&gt;/&lt;user&gt;/&lt;alg&gt;:&lt;checksum&gt;.&lt;format&gt;</c>.</summary>
public static partial class SandboxPfn
{
    /// <summary>DiracX's <c>SANDBOX_PFN_REGEX</c> (with its <c>(:?</c> typo, which makes a leading colon optional).</summary>
    public const string Pattern = @"^(:?SB:[A-Za-z]+\|)?/S3/[a-z0-9\.\-]{3,63}(?:/[^/]+){3}/[a-z0-9]{3,10}:[0-9a-f]{64}\.[a-z0-9\.]+$";

    /// <summary>The longest PFN accepted (DiracX: 256).</summary>
    public const int MaxLength = 256;

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Regex();

    /// <summary>Whether <paramref name="pfn"/> is a sandbox PFN DiracX accepts.</summary>
    public static bool IsValid(string? pfn) => pfn is { Length: > 0 and <= MaxLength } && Regex().IsMatch(pfn);

    /// <summary>The PFN without its <c>SB:&lt;SE&gt;|</c> prefix.</summary>
    public static string WithoutStorageElement(string pfn) => pfn[(pfn.IndexOf('|', StringComparison.Ordinal) + 1)..];

    /// <summary>The storage element named in <c>SB:&lt;SE&gt;|</c>, or null when the PFN has none.</summary>
    public static string? StorageElement(string pfn)
    {
        var bar = pfn.IndexOf('|', StringComparison.Ordinal);
        var start = pfn.IndexOf("SB:", StringComparison.Ordinal);
        return bar < 0 || start < 0 || start > bar ? null : pfn[(start + 3)..bar];
    }

    /// <summary>The S3 key of a PFN: the PFN without <c>/S3/&lt;bucket&gt;/</c>.</summary>
    public static string ToKey(string pfn) => string.Join('/', WithoutStorageElement(pfn).Split('/').Skip(3));

    /// <summary>The user namespace of a caller: <c>/S3/&lt;bucket&gt;/&lt;vo&gt;/&lt;group&gt;/&lt;user&gt;/</c>.</summary>
    public static string Prefix(string bucket, string vo, string group, string user) => $"/S3/{bucket}/{vo}/{group}/{user}/";

    /// <summary>The content-addressed PFN of a sandbox of the caller (DiracX's <c>get_pfn</c>).</summary>
    public static string Build(string bucket, string vo, string group, string user, string algorithm, string checksum, string format) =>
        $"{Prefix(bucket, vo, group, user)}{algorithm}:{checksum}.{format}";
}
