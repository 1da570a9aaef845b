using System.Text.Json.Serialization;

namespace DiracX.Core.Models;

/// <summary>
/// The status of one access of a resource as DiracX sends it: <c>{"allowed": true, "warnings": str|null}</c> or
/// <c>{"allowed": false, "reason": str}</c> (its <c>AllowedStatus | BannedStatus</c>).
/// </summary>
[JsonDerivedType(typeof(AllowedStatus))]
[JsonDerivedType(typeof(BannedStatus))]
public abstract record ResourceAccessStatus
{
    /// <summary>Creates a status.</summary>
    protected ResourceAccessStatus(bool allowed) => Allowed = allowed;

    /// <summary>Whether the access is allowed.</summary>
    [JsonPropertyName("allowed"), JsonPropertyOrder(0)] public bool Allowed { get; }

    /// <summary>
    /// DiracX's mapping of a ResourceStatusDB status: Active and Degraded are allowed (Degraded with a warning, the
    /// reason or "Degraded"); Banned, Probing, Error and Unknown are banned with the reason (or the status); any other
    /// status is banned as "Unknown status: X".
    /// </summary>
    public static ResourceAccessStatus Map(string status, string? reason) => status switch
    {
        "Active" => new AllowedStatus(null),
        "Degraded" => new AllowedStatus(string.IsNullOrEmpty(reason) ? status : reason),
        "Banned" or "Probing" or "Error" or "Unknown" => new BannedStatus(string.IsNullOrEmpty(reason) ? status : reason),
        _ => new BannedStatus($"Unknown status: {status}"),
    };
}

/// <summary>An allowed access, with warnings when degraded.</summary>
/// <param name="Warnings">Why it is degraded, or null.</param>
public sealed record AllowedStatus([property: JsonPropertyName("warnings"), JsonPropertyOrder(1)] string? Warnings) : ResourceAccessStatus(true);

/// <summary>A banned access and why.</summary>
/// <param name="Reason">Why it is banned.</param>
public sealed record BannedStatus([property: JsonPropertyName("reason"), JsonPropertyOrder(1)] string Reason) : ResourceAccessStatus(false);

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
