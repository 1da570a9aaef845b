using System.Text.Json.Serialization;

namespace DiracX.Core.Configuration;

/// <summary>The registry of one VO (<c>Registry.&lt;vo&gt;</c>): identity provider, users and groups.</summary>
public sealed record RegistryConfig : ConfigSection
{
    /// <summary>The identity provider of this VO.</summary>
    [JsonPropertyName("IdP")]
    public required IdpConfig IdP { get; init; }

    /// <summary>Support contact for this VO.</summary>
    [JsonPropertyName("Support")]
    public SupportInfo Support { get; init; } = new();

    /// <summary>The group used when a token request names none; must be a key of <see cref="Groups"/>.</summary>
    [JsonPropertyName("DefaultGroup")]
    public required string DefaultGroup { get; init; }

    /// <summary>Default storage quota in GB.</summary>
    [JsonPropertyName("DefaultStorageQuota")]
    public double DefaultStorageQuota { get; init; }

    /// <summary>Default proxy lifetime in seconds (12 hours).</summary>
    [JsonPropertyName("DefaultProxyLifeTime")]
    public int DefaultProxyLifeTime { get; init; } = 12 * 60 * 60;

    /// <summary>Real VOMS VO name, if any.</summary>
    [JsonPropertyName("VOMSName")]
    public string? VOMSName { get; init; }

    /// <summary>Users keyed by their IdP subject.</summary>
    [JsonPropertyName("Users")]
    public required IReadOnlyDictionary<string, UserConfig> Users { get; init; }

    /// <summary>Groups keyed by name.</summary>
    [JsonPropertyName("Groups")]
    public required IReadOnlyDictionary<string, GroupConfig> Groups { get; init; }

    /// <summary>Finds the subject of the user with this preferred username (unique per VO, validation ensures it).</summary>
    /// <exception cref="KeyNotFoundException">No user of this VO has that username.</exception>
    public string SubFromPreferredUsername(string preferredUsername)
    {
        foreach (var (sub, user) in Users)
        {
            if (user.PreferedUsername == preferredUsername)
            {
                return sub;
            }
        }
        throw new KeyNotFoundException($"User {preferredUsername} not found in registry");
    }
}
