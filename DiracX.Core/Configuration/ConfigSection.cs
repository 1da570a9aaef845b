using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiracX.Core.Configuration;

/// <summary>
/// The base of every typed configuration section. Keys that the section does not declare land in
/// <see cref="ExtensionData"/>: fields added by extensions through <see cref="ConfigSchema"/> (read them typed with
/// <see cref="ConfigExtensionField{TSection, T}.Get"/>), and the unknown keys of the few sections DiracX keeps open
/// (<see cref="ConfigKeepsUnknownKeysAttribute"/>). They are serialised back unchanged.
/// </summary>
public abstract record ConfigSection
{
    /// <summary>Keys this section does not declare, as raw JSON. Do not modify: the configuration is immutable.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; init; }
}

/// <summary>
/// Marks a section whose unknown keys are kept rather than rejected (pydantic <c>extra="ignore"</c> in DiracX, where
/// the model does not yet cover everything DIRAC puts there, e.g. <c>Resources.Sites</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ConfigKeepsUnknownKeysAttribute : Attribute;

/// <summary>Marks a string field that must hold an e-mail address (pydantic <c>EmailStr</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ConfigEmailAttribute : Attribute;
