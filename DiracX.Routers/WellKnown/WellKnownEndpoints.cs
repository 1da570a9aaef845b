using DiracX.Core.Configuration;
using DiracX.Core.Models;
using Microsoft.AspNetCore.Http.HttpResults;
using DiracX.Core.Modules;
using DiracX.Core.Security;
using DiracX.Core.Settings;

namespace DiracX.Routers.WellKnown;

/// <summary>Handlers of the <c>.well-known</c> documents.</summary>
public static class WellKnownEndpoints
{
    /// <summary>Where to report vulnerabilities (DiracX's contact).</summary>
    public const string Contact = "https://github.com/DIRACGrid/diracx/security/advisories/new";

    /// <summary>OpenID Connect discovery; endpoint URLs are built from the request, as DiracX's url_for does.</summary>
    [EndpointSummary("Get OpenID configuration")]
    [EndpointDescription("OpenID Connect discovery: DiracX's token service endpoints, scopes and algorithms.")]
    public static Ok<OpenIdConfiguration> GetOpenIdConfiguration(HttpContext context, ConfigProvider config, AuthSettings settings, ConfigSchema schema) =>
        TypedResults.Ok(WellKnownDocuments.OpenIdConfiguration($"{context.Request.Scheme}://{context.Request.Host}",
            config.Current.Config, settings, schema.Properties.All));

    /// <summary>The installation metadata.</summary>
    [EndpointSummary("Get installation metadata")]
    [EndpointDescription("The VOs of this installation with their groups, properties and support contacts, and the server versions.")]
    public static Ok<Metadata> GetInstallationMetadata(ConfigProvider config, DiracXRegistries registries) =>
        TypedResults.Ok(WellKnownDocuments.InstallationMetadata(config.Current.Config, registries.Modules));

    /// <summary>The public JWKS.</summary>
    [EndpointSummary("Get JWKS")]
    [EndpointDescription("The public keys that verify DiracX's tokens (public members only).")]
    public static Ok<System.Text.Json.Nodes.JsonObject> GetJwks(TokenKeystore keystore) => TypedResults.Ok(keystore.ToPublicJwks());

    /// <summary>
    /// security.txt, serialised as a JSON string (DiracX quirk A11 in docs/quirks.md, kept for wire compatibility). DiracX hard-codes an
    /// <c>Expires</c> date that has passed; ours is always one year ahead, as RFC 9116 asks.
    /// </summary>
    [EndpointSummary("Get security.txt")]
    [EndpointDescription("How to report a security problem. Returned as a JSON string, as DiracX does.")]
    public static Ok<string> GetSecurityTxt(TimeProvider time)
    {
        var expires = time.GetUtcNow().UtcDateTime.Date.AddYears(1).AddDays(-1).AddHours(23).AddMinutes(59).AddSeconds(59);
        return TypedResults.Ok($"Contact: {Contact}\nExpires: {expires:yyyy-MM-ddTHH:mm:ss.000Z}\nPreferred-Languages: en\n");
    }
}
