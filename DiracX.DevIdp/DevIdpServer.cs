using Microsoft.AspNetCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;

namespace DiracX.DevIdp;

/// <summary>
/// Builds the development identity provider: OpenIddict's server in degraded mode (no database; codes are
/// self-contained encrypted tokens, keys are ephemeral), one public client with PKCE S256, and users from configuration.
/// </summary>
public static class DevIdpServer
{
    /// <summary>The authorization endpoint path.</summary>
    public const string AuthorizePath = "/connect/authorize";

    /// <summary>The token endpoint path.</summary>
    public const string TokenPath = "/connect/token";

    /// <summary>Creates the application; <paramref name="configure"/> runs before the services are registered.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddServiceDefaults();
        builder.Services.AddOptions<DevIdpOptions>().BindConfiguration(DevIdpOptions.Section);
        var issuer = builder.Configuration.GetSection(DevIdpOptions.Section).Get<DevIdpOptions>()?.Issuer;
        builder.Services.AddOpenIddict().AddServer(server =>
        {
            server.EnableDegradedMode();
            server.SetAuthorizationEndpointUris(AuthorizePath.TrimStart('/'))
                .SetTokenEndpointUris(TokenPath.TrimStart('/'));
            server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            server.Configure(o => o.CodeChallengeMethods.Remove(OpenIddictConstants.CodeChallengeMethods.Plain));
            // Any scope a relying party asks for (DiracX asks for openid, profile, email) is granted.
            server.DisableScopeValidation();
            server.AddEphemeralEncryptionKey().AddEphemeralSigningKey().DisableAccessTokenEncryption();
            if (issuer is not null)
            {
                server.SetIssuer(issuer);
            }
            server.UseAspNetCore().EnableAuthorizationEndpointPassthrough().EnableTokenEndpointPassthrough()
                .DisableTransportSecurityRequirement();
            server.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(h => h.UseInlineHandler(ValidateAuthorization));
            server.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(h => h.UseInlineHandler(ValidateToken));
        });

        var app = builder.Build();
        app.MapGet("/", () => "DiracX development identity provider");
        app.MapMethods(AuthorizePath, ["GET", "POST"], (Delegate)AuthorizeEndpoint.HandleAsync);
        app.MapPost(TokenPath, (Delegate)TokenEndpoint.HandleAsync);
        app.MapDefaultEndpoints();
        return app;
    }

    // Degraded mode has no application store: the one client and its redirect URIs are checked here.
    private static ValueTask ValidateAuthorization(OpenIddictServerEvents.ValidateAuthorizationRequestContext context)
    {
        var options = context.Transaction.GetHttpRequest()!.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<DevIdpOptions>>().CurrentValue;
        if (context.ClientId != options.ClientId)
        {
            context.Reject(OpenIddictConstants.Errors.InvalidClient, $"The client '{context.ClientId}' is not known to this DevIdp.");
        }
        else if (!options.RedirectUris.Contains(context.RedirectUri ?? "", StringComparer.Ordinal))
        {
            context.Reject(OpenIddictConstants.Errors.InvalidRequest,
                $"The redirect_uri '{context.RedirectUri}' is not allowed for '{context.ClientId}' (DevIdp:RedirectUris).");
        }
        else if (context.Request.CodeChallengeMethod != OpenIddictConstants.CodeChallengeMethods.Sha256)
        {
            context.Reject(OpenIddictConstants.Errors.InvalidRequest, "The code_challenge_method must be S256.");
        }
        return ValueTask.CompletedTask;
    }

    private static ValueTask ValidateToken(OpenIddictServerEvents.ValidateTokenRequestContext context)
    {
        var options = context.Transaction.GetHttpRequest()!.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<DevIdpOptions>>().CurrentValue;
        if (context.ClientId != options.ClientId)
        {
            context.Reject(OpenIddictConstants.Errors.InvalidClient, $"The client '{context.ClientId}' is not known to this DevIdp.");
        }
        return ValueTask.CompletedTask;
    }
}
