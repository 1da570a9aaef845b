using System.Text.RegularExpressions;

namespace DiracX.Core.Logging;

/// <summary>
/// Masks secrets in text bound for logs: JWTs (any <c>eyJ...</c> three-part token), bearer credentials, presigned-URL
/// signatures and credentials, and legacy API keys. A defence in depth: code should not put secrets in messages.
/// </summary>
public static partial class SecretRedactor
{
    /// <summary>What replaces a secret.</summary>
    public const string Mask = "[REDACTED]";

    [GeneratedRegex(@"eyJ[A-Za-z0-9_\-]*\.[A-Za-z0-9_\-]*\.[A-Za-z0-9_\-]*", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex Jwt();

    [GeneratedRegex(@"(?i)\b(bearer|basic)\s+[A-Za-z0-9_\-\.~\+/=:]+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex Credential();

    [GeneratedRegex(@"(?i)(x-amz-signature|x-amz-credential|x-amz-security-token|signature|aws_secret_access_key|password|client_secret|code_verifier|refresh_token|access_token|device_code)([""']?\s*[=:]\s*[""']?)[^&\s""',;]+",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex KeyValue();

    // scheme://user:password@host: the password goes, the user stays (user:***@).
    [GeneratedRegex(@"(?i)\b([a-z][a-z0-9+.\-]*://[^/:@\s""']+):[^@/\s""']*@", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex UrlPassword();

    // Any query parameter whose name mentions a token, a key, a secret or a password (?private_token=..., &sig=...).
    [GeneratedRegex(@"(?i)([?&][A-Za-z0-9_\-.]*(token|key|secret|password|sig)[A-Za-z0-9_\-.]*=)[^&\s""'#]+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex QuerySecret();

    /// <summary>The text with every recognised secret masked.</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }
        try
        {
            var result = UrlPassword().Replace(text, "$1:***@");
            result = QuerySecret().Replace(result, m => m.Groups[1].Value + Mask);
            result = Jwt().Replace(result, Mask);
            result = Credential().Replace(result, m => m.Groups[1].Value + " " + Mask);
            return KeyValue().Replace(result, m => m.Groups[1].Value + m.Groups[2].Value + Mask);
        }
        catch (RegexMatchTimeoutException)
        {
            return Mask;
        }
    }
}
