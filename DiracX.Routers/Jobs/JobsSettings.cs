using System.ComponentModel.DataAnnotations;
using DiracX.Core.Errors;
using DiracX.Logic.Jobs;

namespace DiracX.Routers.Jobs;

/// <summary>Limits of the jobs routes (configuration section <c>DiracX:Jobs</c>).</summary>
public sealed class JobsSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "DiracX:Jobs";

    /// <summary>Most jobs one submission may create, parametric expansion included (DiracX: 20).</summary>
    [Range(1, 100_000)]
    public int MaxJobsPerSubmission { get; set; } = 20;

    /// <summary>Largest JDL accepted, in bytes; a larger one is refused with 413.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxJdlBytes { get; set; } = 1024 * 1024;

    /// <summary>Most job ids one bulk request may name; above it the answer is 413.</summary>
    [Range(1, 10_000_000)]
    public int MaxIdsPerRequest { get; set; } = 50_000;

    /// <summary>
    /// Bytes of body allowed per job id on the status, heartbeat and metadata routes (their limit is this times
    /// <see cref="MaxIdsPerRequest"/> plus 64 KiB for one free-text value), never above DiracX:Http:MaxRequestBodyBytes.
    /// </summary>
    [Range(64, 16 * 1024 * 1024)]
    public int MaxBodyBytesPerJob { get; set; } = 1024;

    /// <summary>Largest body of a search or summary (filters, with <c>in</c> lists of ids); above it the answer is 413.</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxSearchBodyBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>The limits of one submission.</summary>
    public JobSubmissionLimits SubmissionLimits => new(MaxJobsPerSubmission, MaxJdlBytes);

    /// <summary>The distinct ids of a bulk request; 413 when there are more than <see cref="MaxIdsPerRequest"/>.</summary>
    public IReadOnlyList<long> CheckIds(IEnumerable<long> ids)
    {
        var list = ids.Distinct().ToList();
        return list.Count > MaxIdsPerRequest ? throw new PayloadTooLargeException($"At most {MaxIdsPerRequest} job ids per request") : list;
    }
}
