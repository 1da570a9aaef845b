using System.Globalization;
using System.Text.Json.Serialization;
using DiracX.Core.Errors;

namespace DiracX.Core.Models;

/// <summary>DiracX's pilot statuses (<c>core/models/pilot.py</c>).</summary>
public static class PilotStatus
{
    /// <summary>Submitted to the site.</summary>
    public const string Submitted = "Submitted";

    /// <summary>Every status a pilot may have, as DiracX spells them.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Submitted, "Waiting", "Running", "Done", "Failed", "Deleted", "Aborted", "Unknown",
    };
}

/// <summary>
/// The body of <c>POST /api/pilots/</c> (one pilot, DiracX's defaults; other keys are refused with 422).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PilotRegistration
{
    /// <summary>The pilot's stamp (1 to 32 characters), unique.</summary>
    [JsonPropertyName("pilot_stamp")] public required string PilotStamp { get; init; }
    /// <summary>The pilot's VO (1 to 128 characters), which must exist.</summary>
    [JsonPropertyName("vo")] public required string Vo { get; init; }
    /// <summary>The grid type (at most 32 characters).</summary>
    [JsonPropertyName("grid_type")] public string GridType { get; init; } = "DIRAC";
    /// <summary>The grid site.</summary>
    [JsonPropertyName("grid_site")] public string GridSite { get; init; } = "Unknown";
    /// <summary>The destination site (computing element).</summary>
    [JsonPropertyName("destination_site")] public string DestinationSite { get; init; } = "NotAssigned";
    /// <summary>The pilot job reference (at most 255 characters); the stamp when absent.</summary>
    [JsonPropertyName("pilot_reference")] public string? PilotReference { get; init; }
    /// <summary>The initial status, one of <see cref="PilotStatus.All"/>.</summary>
    [JsonPropertyName("pilot_status")] public string PilotStatus { get; init; } = Models.PilotStatus.Submitted;

    /// <summary>DiracX's field limits.</summary>
    /// <exception cref="RequestValidationException">422 with pydantic's messages.</exception>
    public void Validate()
    {
        var problems = new List<ValidationProblem>();
        Length(problems, ["body", "pilot_stamp"], PilotStamp, 1, 32);
        Length(problems, ["body", "vo"], Vo, 1, 128);
        Length(problems, ["body", "grid_type"], GridType, 0, 32);
        Length(problems, ["body", "grid_site"], GridSite, 0, 128);
        Length(problems, ["body", "destination_site"], DestinationSite, 0, 128);
        Length(problems, ["body", "pilot_reference"], PilotReference, 0, 255);
        Status(problems, ["body", "pilot_status"], PilotStatus);
        if (problems.Count > 0)
        {
            throw new RequestValidationException(problems);
        }
    }

    /// <summary>pydantic's length errors for a text field (null: not given, nothing to check).</summary>
    internal static void Length(List<ValidationProblem> problems, IReadOnlyList<object> location, string? value, int min, int max)
    {
        if (value is null)
        {
            return;
        }
        if (value.Length < min)
        {
            problems.Add(new(location, string.Create(CultureInfo.InvariantCulture, $"String should have at least {min} character{(min == 1 ? "" : "s")}"),
                "string_too_short", value, new Dictionary<string, object> { ["min_length"] = min }));
        }
        else if (value.Length > max)
        {
            problems.Add(new(location, string.Create(CultureInfo.InvariantCulture, $"String should have at most {max} characters"),
                "string_too_long", value, new Dictionary<string, object> { ["max_length"] = max }));
        }
    }

    /// <summary>pydantic's enum error when <paramref name="status"/> is not one of <see cref="Models.PilotStatus.All"/> (null: not given).</summary>
    internal static void Status(List<ValidationProblem> problems, IReadOnlyList<object> location, string? status)
    {
        if (status is null || Models.PilotStatus.All.Contains(status))
        {
            return;
        }
        var quoted = Models.PilotStatus.All.Select(v => $"'{v}'").ToList();
        var expected = $"{string.Join(", ", quoted[..^1])} or {quoted[^1]}";
        problems.Add(new(location, $"Input should be {expected}", "enum", status, new Dictionary<string, object> { ["expected"] = expected }));
    }
}

/// <summary>
/// The fields of one pilot that <c>PATCH /api/pilots/metadata</c> may set (DiracX's <c>PilotFieldsMapping</c> without
/// the stamp, which is the key); absent fields are left unchanged, other keys are refused with 422.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PilotMetadata
{
    /// <summary>Why the pilot has its status.</summary>
    [JsonPropertyName("StatusReason")] public string? StatusReason { get; init; }
    /// <summary>The pilot's status.</summary>
    [JsonPropertyName("Status")] public string? Status { get; init; }
    /// <summary>The worker's benchmark.</summary>
    [JsonPropertyName("BenchMark")] public double? BenchMark { get; init; }
    /// <summary>The destination site.</summary>
    [JsonPropertyName("DestinationSite")] public string? DestinationSite { get; init; }
    /// <summary>The queue.</summary>
    [JsonPropertyName("Queue")] public string? Queue { get; init; }
    /// <summary>The grid site.</summary>
    [JsonPropertyName("GridSite")] public string? GridSite { get; init; }
    /// <summary>The grid type.</summary>
    [JsonPropertyName("GridType")] public string? GridType { get; init; }
    /// <summary>Whether accounting was sent.</summary>
    [JsonPropertyName("AccountingSent")] public bool? AccountingSent { get; init; }
    /// <summary>The job the pilot runs now.</summary>
    [JsonPropertyName("CurrentJobID")] public long? CurrentJobID { get; init; }

    /// <summary>
    /// The columns' limits and DiracX's status enum, for the patch of the pilot <paramref name="stamp"/>: a value too long
    /// for its column would fail in the database (DiracX: a 500).
    /// </summary>
    /// <exception cref="RequestValidationException">422 at <c>["body", stamp, field]</c>.</exception>
    public void Validate(string stamp)
    {
        var problems = new List<ValidationProblem>();
        PilotRegistration.Length(problems, ["body", stamp, "StatusReason"], StatusReason, 0, 255);
        PilotRegistration.Length(problems, ["body", stamp, "DestinationSite"], DestinationSite, 0, 128);
        PilotRegistration.Length(problems, ["body", stamp, "Queue"], Queue, 0, 128);
        PilotRegistration.Length(problems, ["body", stamp, "GridSite"], GridSite, 0, 128);
        PilotRegistration.Length(problems, ["body", stamp, "GridType"], GridType, 0, 32);
        PilotRegistration.Status(problems, ["body", stamp, "Status"], Status);
        if (problems.Count > 0)
        {
            throw new RequestValidationException(problems);
        }
    }
}

/// <summary>The body of <c>POST /api/pilots/jobs</c> (ours): the jobs a pilot ran.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PilotJobsLink
{
    /// <summary>The pilot.</summary>
    [JsonPropertyName("pilot_stamp")] public required string PilotStamp { get; init; }
    /// <summary>The jobs it ran.</summary>
    [JsonPropertyName("job_ids")] public required IReadOnlyList<long> JobIds { get; init; }
}
