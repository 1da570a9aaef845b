using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using DiracX.Core.Errors;
using DiracX.Core.Telemetry;

namespace DiracX.Logic.Auth;

/// <summary>
/// The exchange legacy DIRAC uses to mint tokens for proxies (DiracX's <c>perform_legacy_exchange</c>): the caller
/// proves it holds the secret whose SHA-256 is <c>DIRACX_LEGACY_EXCHANGE_HASHED_API_KEY</c>; the session it gets is not
/// rotated on refresh.
/// </summary>
public static partial class LegacyExchange
{
    [GeneratedRegex(@"^Bearer diracx:legacy:((?:[A-Za-z0-9\-_]{4})*(?:[A-Za-z0-9\-_]{2}==|[A-Za-z0-9\-_]{3}=)?)$")]
    private static partial Regex Header();

    /// <summary>Issues tokens for the user named <paramref name="preferredUsername"/> in the scope's VO.</summary>
    /// <param name="context">The request's auth context (its flow settings hold the hashed key, which must be set).</param>
    /// <param name="preferredUsername">The user's name in the VO's registry.</param>
    /// <param name="scope">The scope.</param>
    /// <param name="authorization">The Authorization header.</param>
    /// <param name="expiresMinutes">The refresh token's lifetime (the configured one when null).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="DiracException">400 for a bad header or an unknown scope/user, 401 for a wrong secret, 403 when not allowed.</exception>
    public static async Task<TokenResponse> ExchangeAsync(AuthFlowContext context, string preferredUsername, string scope, string authorization,
        int? expiresMinutes, CancellationToken cancellationToken)
    {
        using var activity = DiracXTelemetry.Start("diracx.auth.legacy_exchange");
        ArgumentNullException.ThrowIfNull(context);
        var match = Header().Match(authorization ?? "");
        if (!match.Success)
        {
            throw new DiracException("Invalid authorization header");
        }
        var secret = Convert.FromBase64String(match.Groups[1].Value.Replace('-', '+').Replace('_', '/').PadRight(
            match.Groups[1].Value.Length + ((4 - (match.Groups[1].Value.Length % 4)) % 4), '='));
        var hash = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(secret)));
        if (!CryptographicOperations.FixedTimeEquals(hash, Encoding.ASCII.GetBytes(context.Flows.LegacyExchangeHashedApiKey.Trim().ToLowerInvariant())))
        {
            throw new InvalidCredentialsException("Invalid credentials");
        }
        string subject;
        try
        {
            var parsed = ScopeParser.Parse(scope, context.Config, context.AvailableProperties);
            subject = context.Config.Registry[parsed.Vo].SubFromPreferredUsername(preferredUsername);
        }
        catch (Exception e) when (e is DiracException or KeyNotFoundException)
        {
            throw new DiracException("Invalid scope or preferred_username", innerException: e);
        }
        var lifetime = expiresMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : (TimeSpan?)null;
        return await TokenExchange.IssueAsync(context, scope, subject, new RefreshPlan.NewSession(lifetime, LegacyExchange: true), cancellationToken);
    }
}
