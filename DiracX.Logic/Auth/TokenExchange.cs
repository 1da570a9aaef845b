using DiracX.Core.Errors;
using DiracX.Core.Security;

namespace DiracX.Logic.Auth;

/// <summary>What to do with the refresh token when issuing tokens.</summary>
public abstract record RefreshPlan
{
    private RefreshPlan() { }

    /// <summary>A new session: a new refresh token of <paramref name="Lifetime"/> (the configured one when null).</summary>
    public sealed record NewSession(TimeSpan? Lifetime = null, bool LegacyExchange = false) : RefreshPlan;

    /// <summary>Rotation: a new refresh token keeping the <em>remaining</em> lifetime of <paramref name="Current"/>.</summary>
    public sealed record Rotate(RefreshTokenPayload Current) : RefreshPlan;

    /// <summary>No new refresh token (legacy-exchange sessions are not rotated): <paramref name="Existing"/> is returned.</summary>
    public sealed record Keep(string Existing) : RefreshPlan;
}

/// <summary>
/// Turns an identity vouched for by an identity provider (or a refresh token) into DiracX tokens (DiracX's
/// <c>exchange_token</c>): the scope is validated again, the subject must be a registered user of the VO, a member of
/// the group and hold every requested property — so a change of the registry takes effect at the next refresh.
/// </summary>
public static class TokenExchange
{
    /// <summary>Checks the identity, stores the new refresh token (if any) and returns the signed tokens.</summary>
    /// <exception cref="DiracException">400 for a bad scope; 403 when the subject may not have this identity.</exception>
    public static async Task<TokenResponse> IssueAsync(AuthFlowContext context, string scope, string idpSubject, RefreshPlan refresh,
        CancellationToken cancellationToken)
    {
        var parsed = ScopeParser.Parse(scope, context.Config, context.AvailableProperties);
        var registry = context.Config.Registry[parsed.Vo];
        if (!registry.Users.TryGetValue(idpSubject, out var user))
        {
            // DiracX answers 500 (dynamic registration is not implemented); an unknown user is simply not allowed.
            throw new ForbiddenException($"User {idpSubject} is not registered in the {parsed.Vo} VO");
        }
        var username = user.PreferedUsername;
        if (!registry.Groups[parsed.Group].Users.Contains(idpSubject))
        {
            throw new ForbiddenException($"User is not a member of the requested group ({username}, {parsed.Group})");
        }
        var allowed = new SortedSet<string>(registry.Groups.Values.Where(g => g.Users.Contains(idpSubject)).SelectMany(g => g.Properties),
            StringComparer.Ordinal);
        var refused = parsed.Properties.Where(p => !allowed.Contains(p)).ToList();
        if (refused.Count > 0)
        {
            throw new ForbiddenException($"{string.Join(' ', refused)} are not valid properties for user {username}, "
                + $"available values: {string.Join(' ', allowed)}");
        }
        var access = context.Issuer.CreateAccessPayload(parsed.Vo, idpSubject, username, parsed.Group, parsed.Properties);
        string refreshToken;
        if (refresh is RefreshPlan.Keep keep)
        {
            refreshToken = keep.Existing;
        }
        else
        {
            var payload = refresh switch
            {
                RefreshPlan.Rotate rotate => context.Issuer.RotateRefreshPayload(rotate.Current),
                RefreshPlan.NewSession session => context.Issuer.CreateRefreshPayload(session.LegacyExchange, session.Lifetime),
                _ => throw new InvalidOperationException($"Unknown refresh plan {refresh}"),
            };
            await context.Db.InsertRefreshTokenAsync(Guid.Parse(payload.Jti), access.Sub, scope, payload.Exp, cancellationToken);
            refreshToken = context.Issuer.Sign(payload);
        }
        return new TokenResponse(context.Issuer.Sign(access), context.Settings.AccessTokenExpireMinutes * 60, "Bearer", refreshToken);
    }
}
