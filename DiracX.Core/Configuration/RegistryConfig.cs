using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace DiracX.Core.Configuration;

/// <summary>One user of a VO, keyed by its IdP subject in <see cref="RegistryConfig.Users"/>.</summary>
public sealed record UserConfig : ConfigSection
{
    /// <summary>Preferred username for the user account (DiracX's spelling; job ownership relies on it).</summary>
    [JsonPropertyName("PreferedUsername")]
    public required string PreferedUsername { get; init; }

    /// <summary>Distinguished names of the user's certificates.</summary>
    [JsonPropertyName("DNs")]
    public IReadOnlyList<string> DNs { get; init; } = [];

    /// <summary>User e-mail address.</summary>
    [JsonPropertyName("Email"), ConfigEmail]
    public string? Email { get; init; }

    /// <summary>VOs where the user is suspended.</summary>
    [JsonPropertyName("Suspended")]
    public IReadOnlyList<string> Suspended { get; init; } = [];

    /// <summary>Quota assigned to the user, in MB.</summary>
    [JsonPropertyName("Quota")]
    public int? Quota { get; init; }
}

/// <summary>A group of a VO: the properties it grants and the subjects of its members.</summary>
public sealed record GroupConfig : ConfigSection
{
    /// <summary>Automatic addition of the VOMS extension when creating proxies.</summary>
    [JsonPropertyName("AutoAddVOMS")]
    public bool AutoAddVOMS { get; init; }

    /// <summary>Automatic proxy upload for pilot groups.</summary>
    [JsonPropertyName("AutoUploadPilotProxy")]
    public bool AutoUploadPilotProxy { get; init; }

    /// <summary>Automatic proxy upload for users of this group.</summary>
    [JsonPropertyName("AutoUploadProxy")]
    public bool AutoUploadProxy { get; init; }

    /// <summary>Fair-share weight of this group.</summary>
    [JsonPropertyName("JobShare")]
    public int JobShare { get; init; } = 1000;

    /// <summary>Security properties granted to the members, sorted ordinally.</summary>
    [JsonPropertyName("Properties"), JsonConverter(typeof(OrdinalSortedSetConverter))]
    public required ImmutableSortedSet<string> Properties { get; init; }

    /// <summary>Group-specific quota override.</summary>
    [JsonPropertyName("Quota")]
    public int? Quota { get; init; }

    /// <summary>IdP subjects of the members (keys of <see cref="RegistryConfig.Users"/>), sorted ordinally.</summary>
    [JsonPropertyName("Users"), JsonConverter(typeof(OrdinalSortedSetConverter))]
    public required ImmutableSortedSet<string> Users { get; init; }

    /// <summary>Allow background task queues for this group.</summary>
    [JsonPropertyName("AllowBackgroundTQs")]
    public bool AllowBackgroundTQs { get; init; }

    /// <summary>VOMS role of the users of this group.</summary>
    [JsonPropertyName("VOMSRole")]
    public string? VOMSRole { get; init; }

    /// <summary>Synchronise membership with the VOMS server.</summary>
    [JsonPropertyName("AutoSyncVOMS")]
    public bool AutoSyncVOMS { get; init; }
}

/// <summary>The identity provider of a VO.</summary>
public sealed record IdpConfig : ConfigSection
{
    /// <summary>The issuer URL of the identity provider.</summary>
    [JsonPropertyName("URL")]
    public required string Url { get; init; }

    /// <summary>The OAuth 2.0 client identifier DiracX has at the identity provider.</summary>
    [JsonPropertyName("ClientID")]
    public required string ClientId { get; init; }

    /// <summary>The OpenID discovery document: <c>URL + "/.well-known/openid-configuration"</c>.</summary>
    [JsonIgnore]
    public string ServerMetadataUrl => $"{Url}/.well-known/openid-configuration";
}

/// <summary>Support contact of a VO.</summary>
public sealed record SupportInfo : ConfigSection
{
    /// <summary>Support e-mail address.</summary>
    [JsonPropertyName("Email")]
    public string? Email { get; init; }

    /// <summary>Support web page.</summary>
    [JsonPropertyName("Webpage")]
    public string? Webpage { get; init; }

    /// <summary>Message shown to users.</summary>
    [JsonPropertyName("Message")]
    public string Message { get; init; } = "Please contact system administrator";
}
