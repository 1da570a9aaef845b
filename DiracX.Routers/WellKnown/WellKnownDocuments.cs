using DiracX.Core;
using DiracX.Core.Configuration;
using DiracX.Core.Models;
using DiracX.Core.Modules;
using DiracX.Core.Settings;

namespace DiracX.Routers.WellKnown;

/// <summary>The contents of the configuration-dependent well-known documents (DiracX's logic/auth/well_known.py).</summary>
public static class WellKnownDocuments
{
    /// <summary>The OIDC discovery document; <paramref name="baseUrl"/> is the server's own URL (scheme://host).</summary>
    public static OpenIdConfiguration OpenIdConfiguration(string baseUrl, Config config, AuthSettings settings, IReadOnlyList<string> installedProperties)
    {
        var scopes = new List<string>();
        foreach (var (vo, registry) in config.Registry)
        {
            scopes.Add($"vo:{vo}");
            scopes.AddRange(registry.Groups.Keys.Select(g => $"group:{g}"));
        }
        scopes.AddRange((settings.AvailableProperties ?? installedProperties).Select(p => $"property:{p}"));
        return new()
        {
            Issuer = settings.TokenIssuer,
            TokenEndpoint = $"{baseUrl}/api/auth/token",
            UserinfoEndpoint = $"{baseUrl}/api/auth/userinfo",
            AuthorizationEndpoint = $"{baseUrl}/api/auth/authorize",
            DeviceAuthorizationEndpoint = $"{baseUrl}/api/auth/device",
            RevocationEndpoint = $"{baseUrl}/api/auth/revoke",
            JwksUri = $"{baseUrl}/.well-known/jwks.json",
            GrantTypesSupported = ["authorization_code", "urn:ietf:params:oauth:grant-type:device_code"],
            ScopesSupported = scopes,
            ResponseTypesSupported = ["code"],
            TokenEndpointAuthSigningAlgValuesSupported = settings.TokenAllowedAlgorithms,
            TokenEndpointAuthMethodsSupported = ["none"],
            CodeChallengeMethodsSupported = ["S256"],
        };
    }

    /// <summary>The installation metadata: VOs, their groups' sorted properties, support, default group; and versions.</summary>
    public static Metadata InstallationMetadata(Config config, IEnumerable<IDiracXModule> modules)
    {
        var vos = config.Registry.ToDictionary(vo => vo.Key, vo => new VoInfo(
            vo.Value.Groups.ToDictionary(g => g.Key, g => new GroupInfo([.. g.Value.Properties.Order(StringComparer.Ordinal)])),
            new Core.Models.SupportInfo(vo.Value.Support.Message, vo.Value.Support.Webpage, vo.Value.Support.Email),
            vo.Value.DefaultGroup));
        // DiracX lists its installed packages and versions: here, the assemblies of the installed modules.
        var versions = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["diracx"] = DiracXVersion.Current };
        foreach (var assembly in modules.Select(m => m.GetType().Assembly).Distinct())
        {
            versions[assembly.GetName().Name!] = DiracXVersion.Read(assembly);
        }
        return new Metadata(vos, versions);
    }
}
