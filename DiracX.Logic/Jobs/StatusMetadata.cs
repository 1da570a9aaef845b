using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DiracX.Core.Errors;
using DiracX.Db.Jobs;
using DiracX.Core.Telemetry;

namespace DiracX.Logic.Jobs;

/// <summary>
/// DiracX's <c>set_job_parameters_or_attributes</c> (the logic of <c>PATCH /api/jobs/metadata</c>): keys naming a
/// Jobs column are written to the column (Status directly, bypassing the state machine: quirk A5, with
/// LastUpdateTime = now); JobParameters keys and unknown keys are merged into the job's parameters; JobType is both.
/// </summary>
public static class StatusMetadata
{
    private static readonly HashSet<string> s_intParameters = new(StringComparer.Ordinal)
        { "CPUNormalizationFactor", "NormCPUTime(s)", "TotalCPUTime(s)", "Memory(MB)", "PayloadPID" };

    private static readonly HashSet<string> s_textParameters = new(StringComparer.Ordinal)
        { "HostName", "GridCE", "ModelName", "PilotAgent", "Pilot_Reference", "LocalAccount", "CEQueue", "BatchSystem", "JobType", "JobStatus" };

    /// <summary>
    /// The job's parameters as one JSON object (<c>{}</c> when it has none). <paramref name="owner"/> (null for a
    /// JobAdministrator) is the access policy's scope, applied by the read itself.
    /// </summary>
    /// <exception cref="ForbiddenException">403: no job of that owner and VO has the id.</exception>
    public static async Task<string> GetJobParametersAsync(long jobId, JobOwnerScope? owner, StatusStores stores, CancellationToken cancellationToken)
    {
        using var activity = DiracXTelemetry.Start("diracx.jobs.parameters");
        ArgumentNullException.ThrowIfNull(stores);
        return await stores.Jobs.GetJobParametersAsync(jobId, owner, cancellationToken) ?? throw new ForbiddenException("Forbidden");
    }

    /// <summary>
    /// Applies the metadata: one attribute update and one parameter merge whatever the number of jobs. Null values are
    /// ignored (pydantic's <c>exclude_none</c>). Jobs that do not exist are ignored.
    /// </summary>
    /// <exception cref="RequestValidationException">422: a value has the wrong type for its attribute or parameter.</exception>
    /// <exception cref="DiracException">400: a value does not fit its column.</exception>
    public static async Task SetMetadataAsync(IReadOnlyDictionary<long, Dictionary<string, JsonElement>> updates, StatusStores stores,
        CancellationToken cancellationToken)
    {
        using var activity = DiracXTelemetry.Start("diracx.jobs.metadata");
        ArgumentNullException.ThrowIfNull(updates);
        ArgumentNullException.ThrowIfNull(stores);
        var now = stores.Now();
        var attributes = new List<JobAttributeUpdate>();
        var parameters = new List<(long, string)>();
        var stamp = now.ToUnixTimeMilliseconds();
        foreach (var (jobId, values) in updates)
        {
            var update = new JobAttributeUpdate(jobId);
            var hasAttribute = false;
            var document = new JsonObject();
            foreach (var (name, value) in values)
            {
                if (value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }
                if (StatusMetadataAttributes.TrySet(ref update, name, value, jobId, now))
                {
                    hasAttribute = true;
                    if (name != "JobType")
                    {
                        continue;
                    }
                }
                document[name] = Parameter(name, value, jobId);
            }
            if (hasAttribute)
            {
                attributes.Add(update);
            }
            if (document.Count > 0)
            {
                document["JobID"] = jobId;
                document["timestamp"] = stamp;
                parameters.Add((jobId, document.ToJsonString()));
            }
        }
        var existing = (await stores.Jobs.LockJobsAsync([.. updates.Keys], cancellationToken)).Select(r => r.JobID).ToHashSet();
        await stores.Jobs.UpdateJobAttributesAsync([.. attributes.Where(a => existing.Contains(a.JobID))], cancellationToken);
        await stores.Jobs.UpsertJobParametersAsync([.. parameters.Where(p => existing.Contains(p.Item1))], cancellationToken);
    }

    private static JsonNode? Parameter(string name, JsonElement value, long jobId)
    {
        if (s_intParameters.Contains(name))
        {
            // NaN, infinities and values beyond 64 bits are refused (a cast would store garbage).
            return value.ValueKind switch
            {
                JsonValueKind.Number when InLongRange(value.GetDouble()) => JsonValue.Create((long)value.GetDouble()),
                JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                    && InLongRange(d) => JsonValue.Create((long)d),
                _ => throw Invalid(jobId, name, $"Cannot convert '{value}' to integer", "value_error", value),
            };
        }
        if (s_textParameters.Contains(name) && value.ValueKind != JsonValueKind.String)
        {
            throw Invalid(jobId, name, "Input should be a valid string", "string_type", value);
        }
        return JsonNode.Parse(value.GetRawText());
    }

    private static bool InLongRange(double value) => double.IsFinite(value) && value >= long.MinValue && value < 9.2233720368547758E+18;

    internal static RequestValidationException Invalid(long jobId, string name, string message, string type, JsonElement? input = null,
        IReadOnlyDictionary<string, object>? context = null) =>
        new(new ValidationProblem(["body", jobId.ToString(CultureInfo.InvariantCulture), name], message, type,
            input is { } value ? JsonNode.Parse(value.GetRawText()) : null, context));
}
