using System.Text.Json;
using System.Text.Json.Serialization;
using DiracX.Db.Auth;
using DiracX.Logic.Auth;
using DiracX.Routers.Infrastructure.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DiracX.Routers.Auth;

/// <summary>The caller's identity (DiracX's <c>UserInfoResponse</c>).</summary>
public sealed record UserInfoResponse(
    [property: JsonPropertyName("sub")] string Sub,
    [property: JsonPropertyName("vo")] string Vo,
    [property: JsonPropertyName("dirac_group")] string DiracGroup,
    [property: JsonPropertyName("policies")] IReadOnlyDictionary<string, JsonElement> Policies,
    [property: JsonPropertyName("properties")] IReadOnlyList<string> Properties,
    [property: JsonPropertyName("preferred_username")] string PreferredUsername);

/// <summary>Handlers of refresh-token management and userinfo.</summary>
public static class ManagementEndpoints
{
    /// <summary><c>GET /api/auth/refresh-tokens</c>: the caller's tokens (everybody's, revoked ones included, with ProxyManagement).</summary>
    [EndpointSummary("Get refresh tokens")]
    [EndpointDescription("The caller's refresh tokens that are not revoked; with ProxyManagement, every token including revoked ones. Status is 1 "
        + "(CREATED) or 2 (REVOKED).")]
    public static async Task<Ok<IReadOnlyList<RefreshTokenInfo>>> GetRefreshTokens(AuthorizedUser user, RefreshTokenAccessPolicy policy, AuthDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await RefreshTokenManagement.ListAsync(db, policy.ManagedSubject(user), cancellationToken));

    /// <summary><c>DELETE /api/auth/refresh-tokens/{jti}</c>: revoke one token.</summary>
    [EndpointSummary("Revoke refresh token by JTI")]
    [EndpointDescription("Revokes one of the caller's refresh tokens (anyone's with ProxyManagement); revoking twice is allowed.")]
    public static async Task<Ok<string>> RevokeRefreshTokenByJti(string jti, AuthorizedUser user, RefreshTokenAccessPolicy policy, AuthDb db,
        CancellationToken cancellationToken)
    {
        await RefreshTokenManagement.RevokeByJtiAsync(db, policy.ManagedSubject(user), jti, cancellationToken);
        return TypedResults.Ok("Refresh token revoked");
    }

    /// <summary><c>POST /api/auth/revoke</c> (form): RFC 7009 revocation of a refresh token.</summary>
    [EndpointSummary("Revoke refresh token by refresh token")]
    [EndpointDescription("RFC 7009 revocation of a refresh token (form: token, token_type_hint, client_id).")]
    public static async Task<Ok<string>> RevokeRefreshTokenByRefreshToken(
        [FromForm(Name = "token")] string token,
        AuthFlowContext auth, CancellationToken cancellationToken,
        [FromForm(Name = "token_type_hint")] string? tokenTypeHint = null,
        [FromForm(Name = "client_id")] string clientId = "myDIRACClientID")
    {
        await RefreshTokenManagement.RevokeByTokenAsync(auth, token, tokenTypeHint, clientId, cancellationToken);
        return TypedResults.Ok("Refresh token revoked");
    }

    /// <summary><c>GET /api/auth/userinfo</c>: who the access token says the caller is.</summary>
    [EndpointSummary("Userinfo")]
    [EndpointDescription("The identity carried by the caller's access token.")]
    public static Ok<UserInfoResponse> Userinfo(AuthorizedUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return TypedResults.Ok(new UserInfoResponse(user.Sub, user.Vo, user.DiracGroup, user.Token.DiracPolicies, user.Properties, user.PreferredUsername));
    }
}
