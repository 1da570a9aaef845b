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
    public static Ok<OpenIdConfiguration> GetOpenIdConfiguration(HttpContext context, ConfigProvider config, AuthSettings settings, ConfigSchema schema) =>
        TypedResults.Ok(WellKnownDocuments.OpenIdConfiguration($"{context.Request.Scheme}://{context.Request.Host}",
            config.Current.Config, settings, schema.Properties.All));

    /// <summary>The installation metadata.</summary>
    public static Ok<Metadata> GetInstallationMetadata(ConfigProvider config, DiracXRegistries registries) =>
        TypedResults.Ok(WellKnownDocuments.InstallationMetadata(config.Current.Config, registries.Modules));

    /// <summary>The public JWKS.</summary>
    public static Ok<System.Text.Json.Nodes.JsonObject> GetJwks(TokenKeystore keystore) => TypedResults.Ok(keystore.ToPublicJwks());

    /// <summary>
    /// security.txt, serialised as a JSON string (DiracX quirk A11 in docs/quirks.md, kept for wire compatibility). DiracX hard-codes an
    /// <c>Expires</c> date that has passed; ours is always one year ahead, as RFC 9116 asks.
    /// </summary>
    public static Ok<string> GetSecurityTxt(TimeProvider time)
    {
        var expires = time.GetUtcNow().UtcDateTime.Date.AddYears(1).AddDays(-1).AddHours(23).AddMinutes(59).AddSeconds(59);
        return TypedResults.Ok($"Contact: {Contact}\nExpires: {expires:yyyy-MM-ddTHH:mm:ss.000Z}\nPreferred-Languages: en\n");
    }
}
