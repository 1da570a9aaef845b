using System.Text.Json.Serialization;

namespace DiracX.Core.Models;

/// <summary>
/// The status of one access of a resource as DiracX sends it: <c>{"allowed": true, "warnings": str|null}</c> or
/// <c>{"allowed": false, "reason": str}</c> (its <c>AllowedStatus | BannedStatus</c>). One type so that OpenAPI
/// clients get one plain object; <c>warnings</c> is written only when allowed (see <see cref="OmitWarningsWhenBanned"/>)
/// and <c>reason</c> only when banned.
/// </summary>
public sealed record ResourceAccessStatus
{
    /// <summary>Whether the access is allowed.</summary>
    [JsonPropertyName("allowed"), JsonRequired] public bool Allowed { get; init; }

    /// <summary>Why an allowed access is degraded, or null.</summary>
    [JsonPropertyName("warnings")] public string? Warnings { get; init; }

    /// <summary>Why the access is banned (null when allowed).</summary>
    [JsonPropertyName("reason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Reason { get; init; }

    /// <summary>An allowed access (DiracX's <c>AllowedStatus</c>).</summary>
    public static ResourceAccessStatus AllowedWith(string? warnings) => new() { Allowed = true, Warnings = warnings };

    /// <summary>A banned access (DiracX's <c>BannedStatus</c>).</summary>
    public static ResourceAccessStatus BannedFor(string reason) => new() { Allowed = false, Reason = reason };

    /// <summary>
    /// DiracX's mapping of a ResourceStatusDB status: Active and Degraded are allowed (Degraded with a warning, the
    /// reason or "Degraded"); Banned, Probing, Error and Unknown are banned with the reason (or the status); any other
    /// status is banned as "Unknown status: X".
    /// </summary>
    public static ResourceAccessStatus Map(string status, string? reason) => status switch
    {
        "Active" => AllowedWith(null),
        "Degraded" => AllowedWith(string.IsNullOrEmpty(reason) ? status : reason),
        "Banned" or "Probing" or "Error" or "Unknown" => BannedFor(string.IsNullOrEmpty(reason) ? status : reason),
        _ => BannedFor($"Unknown status: {status}"),
    };

    /// <summary>A JSON contract modifier: <c>warnings</c> is not written for a banned access, as in DiracX's <c>BannedStatus</c>.</summary>
    public static void OmitWarningsWhenBanned(System.Text.Json.Serialization.Metadata.JsonTypeInfo typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (typeInfo.Type != typeof(ResourceAccessStatus))
        {
            return;
        }
        foreach (var property in typeInfo.Properties.Where(p => p.Name == "warnings"))
        {
            property.ShouldSerialize = (status, _) => ((ResourceAccessStatus)status).Allowed;
        }
    }
}

/// <summary>A storage element's four accesses (DiracX's <c>StorageElementStatus</c>).</summary>
public sealed record StorageElementStatus(
    [property: JsonPropertyName("read")] ResourceAccessStatus Read,
    [property: JsonPropertyName("write")] ResourceAccessStatus Write,
    [property: JsonPropertyName("check")] ResourceAccessStatus Check,
    [property: JsonPropertyName("remove")] ResourceAccessStatus Remove);

/// <summary>A site's, computing element's or FTS server's status (<c>{"all": status}</c>).</summary>
public sealed record OverallStatus([property: JsonPropertyName("all")] ResourceAccessStatus All);

/// <summary>
/// One status row an operator sets (ours: DiracX only reads tables that legacy DIRAC fills): a site
/// (<c>SiteStatus</c>, element type <c>Site</c>) or a resource (<c>ResourceStatus</c>: <c>StorageElement</c> with
/// status types ReadAccess/WriteAccess/CheckAccess/RemoveAccess, <c>ComputeElement</c> or <c>FTS</c> with <c>all</c>).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ResourceStatusEntry
{
    /// <summary>The site or resource name.</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }
    /// <summary><c>Site</c>, <c>StorageElement</c>, <c>ComputeElement</c> or <c>FTS</c>.</summary>
    [JsonPropertyName("element_type")] public required string ElementType { get; init; }
    /// <summary>The status type (<c>all</c>, or an access of a storage element).</summary>
    [JsonPropertyName("status_type")] public string StatusType { get; init; } = "all";
    /// <summary>The VO the row applies to; <c>all</c> for every VO.</summary>
    [JsonPropertyName("vo")] public string Vo { get; init; } = "all";
    /// <summary>Active, Degraded, Probing, Banned, Error or Unknown.</summary>
    [JsonPropertyName("status")] public required string Status { get; init; }
    /// <summary>Why.</summary>
    [JsonPropertyName("reason")] public string Reason { get; init; } = "Unspecified";
}
