using DiracX.Core;
using DiracX.Core.Configuration;
using DiracX.Core.Modules;
using DiracX.Core.Settings;

namespace DiracX.Routers.WellKnown;

/// <summary>The contents of the configuration-dependent well-known documents (DiracX's logic/auth/well_known.py).</summary>
public static class WellKnownDocuments
{
    /// <summary>The OIDC discovery document; <paramref name="baseUrl"/> is the server's own URL (scheme://host).</summary>
    public static Dictionary<string, object?> OpenIdConfiguration(string baseUrl, Config config, AuthSettings settings, IReadOnlyList<string> installedProperties)
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
            ["issuer"] = settings.TokenIssuer,
            ["token_endpoint"] = $"{baseUrl}/api/auth/token",
            ["userinfo_endpoint"] = $"{baseUrl}/api/auth/userinfo",
            ["authorization_endpoint"] = $"{baseUrl}/api/auth/authorize",
            ["device_authorization_endpoint"] = $"{baseUrl}/api/auth/device",
            ["revocation_endpoint"] = $"{baseUrl}/api/auth/revoke",
            ["jwks_uri"] = $"{baseUrl}/.well-known/jwks.json",
            ["grant_types_supported"] = new[] { "authorization_code", "urn:ietf:params:oauth:grant-type:device_code" },
            ["scopes_supported"] = scopes,
            ["response_types_supported"] = new[] { "code" },
            ["token_endpoint_auth_signing_alg_values_supported"] = settings.TokenAllowedAlgorithms,
            ["token_endpoint_auth_methods_supported"] = new[] { "none" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        };
    }

    /// <summary>The installation metadata: VOs, their groups' sorted properties, support, default group; and versions.</summary>
    public static Dictionary<string, object> InstallationMetadata(Config config, IEnumerable<IDiracXModule> modules)
    {
        var vos = new Dictionary<string, object>();
        foreach (var (vo, registry) in config.Registry)
        {
            vos[vo] = new Dictionary<string, object?>
            {
                ["groups"] = registry.Groups.ToDictionary(g => g.Key,
                    g => new Dictionary<string, object> { ["properties"] = g.Value.Properties.Order(StringComparer.Ordinal).ToList() }),
                ["support"] = new Dictionary<string, string?>
                {
                    ["message"] = registry.Support.Message,
                    ["webpage"] = registry.Support.Webpage,
                    ["email"] = registry.Support.Email,
                },
                ["default_group"] = registry.DefaultGroup,
            };
        }
        // DiracX lists its installed packages and versions: here, the assemblies of the installed modules.
        var versions = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["diracx"] = DiracXVersion.Current };
        foreach (var assembly in modules.Select(m => m.GetType().Assembly).Distinct())
        {
            versions[assembly.GetName().Name!] = DiracXVersion.Read(assembly);
        }
        return new() { ["virtual_organizations"] = vos, ["versions"] = versions };
    }
}
