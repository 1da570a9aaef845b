using Microsoft.AspNetCore;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace DiracX.DevIdp;

/// <summary>
/// The authorization endpoint. A user is identified by the login form's <c>username</c>/<c>password</c> fields, by
/// <c>login_hint</c> + <c>password</c> query parameters (for tests and scripts, no browser needed), or by the
/// configured auto-login user; otherwise the login form is shown. There is no session: each request logs in anew.
/// </summary>
public static class AuthorizeEndpoint
{
    /// <summary>Signs the user in (OpenIddict then redirects with a code) or shows the login form.</summary>
    public static async Task<IResult> HandleAsync(HttpContext context, IOptionsMonitor<DevIdpOptions> options)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");
        var settings = options.CurrentValue;
        var (username, password, submitted) = await CredentialsAsync(context, request);
        var user = submitted ? settings.FindUser(username, password)
            : settings.AutoLoginUser is { } auto ? settings.EffectiveUsers.FirstOrDefault(u => u.Username == auto) : null;
        if (user is null)
        {
            var parameters = request.GetParameters()
                .Where(p => p.Key is not ("username" or "password"))
                .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value));
            return LoginPage.Render(parameters, username, submitted ? "Invalid username or password." : null);
        }
        return Results.SignIn(Principal(user, request), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<(string? Username, string? Password, bool Submitted)> CredentialsAsync(HttpContext context, OpenIddictRequest request)
    {
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            if (form.ContainsKey("username"))
            {
                return (form["username"], form["password"], true);
            }
        }
        var hint = request.LoginHint;
        var password = (string?)request.GetParameter("password");
        return hint is not null && password is not null ? (hint, password, true) : (hint, null, false);
    }

    private static ClaimsPrincipal Principal(DevIdpUser user, OpenIddictRequest request)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Subject)
            .SetClaim(Claims.PreferredUsername, user.Username)
            .SetClaim(Claims.Name, user.Username)
            .SetClaim(Claims.Email, user.Email);
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
        return new ClaimsPrincipal(identity);
    }
}
