using System.Text.Json.Nodes;
using DiracX.Api.Sandboxes;
using DiracX.Client;
using DiracX.Client.Generated;
using DiracX.Core.Jdl;
using DiracX.Core.Models;
using JobStatus = DiracX.Core.Models.JobStatus;
using SetJobStatusResult = DiracX.Client.Generated.SetJobStatusResult;
using InsertedJob = DiracX.Client.Generated.InsertedJob;
using JobStatusJobIds = DiracX.Client.Generated.JobStatusJobIds;
using JobStatusUpdate = DiracX.Client.Generated.JobStatusUpdate;
using JsonObject = System.Text.Json.Nodes.JsonObject;

namespace DiracX.Api.Jobs;

/// <summary>The status of one job while waiting.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Status">Its major status.</param>
/// <param name="MinorStatus">Its minor status.</param>
public sealed record JobState(long JobId, string Status, string? MinorStatus)
{
    /// <summary>The job will not change any more (Done, Completed, Failed, Killed, Deleted).</summary>
    public bool IsFinal => JobsApi.FinalStatuses.Contains(Status);
}

/// <summary>
/// DiracX's job operations for scripts and the CLI: submission (with local input files put into a sandbox), waiting,
/// searching, status changes.
/// </summary>
public sealed class JobsApi(DiracXClient client, ISandboxClient? sandboxes = null)
{
    /// <summary>The statuses a job does not leave by itself.</summary>
    public static readonly IReadOnlySet<string> FinalStatuses = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(JobStatus.Done), nameof(JobStatus.Completed), nameof(JobStatus.Failed), nameof(JobStatus.Killed), nameof(JobStatus.Deleted),
    };

    /// <summary>The sandbox operations in use (the server's sandbox store unless another implementation is given).</summary>
    public ISandboxClient Sandboxes { get; } = sandboxes ?? new StoreSandboxClient(client);

    /// <summary>A fluent search.</summary>
    public JobSearch Search() => new(client);

    /// <summary>
    /// Submits JDLs (<c>POST /api/jobs/jdl</c>). Local files and folders in <c>InputSandbox</c> (relative to
    /// <paramref name="baseDirectory"/>) are packed into a sandbox, uploaded, and replaced by its PFN first
    /// (<see cref="JobSubmissionApi.PrepareJdlsAsync(IEnumerable{string}, string, Func{IReadOnlyList{string}, CancellationToken, Task{string}}, CancellationToken)"/>).
    /// </summary>
    /// <exception cref="FileNotFoundException">A local input file does not exist.</exception>
    public Task<IReadOnlyList<InsertedJob>> SubmitAsync(IReadOnlyList<string> jdls, string? baseDirectory = null,
        IProgress<SandboxTransfer>? progress = null, CancellationToken cancellationToken = default) =>
        SubmitAsync([.. jdls.Select(j => (j, baseDirectory ?? Directory.GetCurrentDirectory()))], progress, cancellationToken);

    /// <summary>
    /// Submits JDLs whose relative input files are relative to their own folder (the JDL file's). Every JDL is checked
    /// before anything is uploaded, and JDLs naming the same local files share one sandbox.
    /// </summary>
    /// <remarks>
    /// One <c>POST /api/jobs/jdl</c> creates at most <see cref="JdlSubmission.MaxJobsPerSubmission"/> jobs and takes a
    /// parametric JDL only on its own, so the JDLs are sent in as many requests as that needs, in order: plain JDLs in
    /// batches of up to that many, each parametric JDL alone (the server expands and checks it).
    /// </remarks>
    /// <exception cref="FileNotFoundException">A local input file does not exist (nothing is uploaded or submitted).</exception>
    /// <exception cref="PartialSubmissionException">A request failed after earlier ones had created jobs.</exception>
    public async Task<IReadOnlyList<InsertedJob>> SubmitAsync(IReadOnlyList<(string Jdl, string BaseDirectory)> jdls,
        IProgress<SandboxTransfer>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jdls);
        var prepared = await JobSubmissionApi.PrepareJdlsAsync(jdls,
            (paths, ct) => Sandboxes.CreateAndUploadAsync(paths, progress, ct), cancellationToken).ConfigureAwait(false);
        var inserted = new List<InsertedJob>();
        foreach (var batch in Batches(prepared, JdlSubmission.MaxJobsPerSubmission))
        {
            try
            {
                inserted.AddRange(await client.Jobs.SubmitJdlJobsAsync(batch, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when (inserted.Count > 0)
            {
                throw new PartialSubmissionException(inserted, e);
            }
        }
        return inserted;
    }

    /// <summary>
    /// The requests that submit <paramref name="jdls"/> in order: each parametric JDL (one with a <c>Parameters*</c>
    /// attribute) alone, the others in batches of at most <paramref name="maxPerRequest"/>.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Batches(IReadOnlyList<string> jdls, int maxPerRequest)
    {
        ArgumentNullException.ThrowIfNull(jdls);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerRequest, 1);
        var batches = new List<IReadOnlyList<string>>();
        var current = new List<string>();
        foreach (var jdl in jdls)
        {
            if (IsParametric(jdl))
            {
                if (current.Count > 0)
                {
                    batches.Add(current);
                    current = [];
                }
                batches.Add([jdl]);
                continue;
            }
            current.Add(jdl);
            if (current.Count == maxPerRequest)
            {
                batches.Add(current);
                current = [];
            }
        }
        if (current.Count > 0)
        {
            batches.Add(current);
        }
        return batches;
    }

    private static bool IsParametric(string jdl)
    {
        try
        {
            return JdlParser.Parse(jdl).Attributes.Any(a => a.Key.StartsWith("Parameters", StringComparison.Ordinal));
        }
        catch (JdlException)
        {
            return false; // sent with the others: the server reports the syntax error
        }
    }

    /// <summary>The status of each job (a search on <c>JobID in [...]</c>).</summary>
    public async Task<IReadOnlyList<JobState>> GetStatusAsync(IReadOnlyCollection<long> jobIds, CancellationToken cancellationToken = default)
    {
        var page = await Search().WithIds(jobIds).Select("JobID", "Status", "MinorStatus").OrderBy("JobID")
            .Page(1, Math.Max(1, jobIds.Count)).ExecuteAsync(cancellationToken).ConfigureAwait(false);
        return [.. page.Rows.OfType<JsonObject>().Select(r => new JobState(
            r["JobID"]!.GetValue<long>(), r["Status"]?.GetValue<string>() ?? "", r["MinorStatus"]?.GetValue<string>()))];
    }

    /// <summary>
    /// Polls until every job is final (or missing), reporting each round to <paramref name="progress"/>.
    /// </summary>
    /// <returns>The final states.</returns>
    public async Task<IReadOnlyList<JobState>> WaitAsync(IReadOnlyCollection<long> jobIds, IProgress<IReadOnlyList<JobState>>? progress = null,
        TimeSpan? pollInterval = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var interval = pollInterval ?? TimeSpan.FromSeconds(10);
        while (true)
        {
            var states = await GetStatusAsync(jobIds, cancellationToken).ConfigureAwait(false);
            progress?.Report(states);
            if (states.All(s => s.IsFinal))
            {
                return states;
            }
            await Task.Delay(interval, time ?? TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The status history of a job (DiracX's <c>LoggingInfo</c> pseudo-parameter of the search).</summary>
    public async Task<JsonArray> GetHistoryAsync(long jobId, CancellationToken cancellationToken = default)
    {
        var page = await Search().WithIds([jobId]).Select("JobID", "LoggingInfo").Page(1, 1).ExecuteAsync(cancellationToken).ConfigureAwait(false);
        return page.Rows.FirstOrDefault()?["LoggingInfo"] is JsonArray history ? (JsonArray)history.DeepClone() : [];
    }

    /// <summary>The job's parameters (<c>GET /api/jobs/{id}/parameters</c>).</summary>
    public async Task<JsonNode?> GetParametersAsync(long jobId, CancellationToken cancellationToken = default) =>
        JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(await client.Jobs.GetJobParametersAsync(jobId, cancellationToken).ConfigureAwait(false)));

    /// <summary>Kills jobs (status Killed, "Marked for termination") through <c>PATCH /api/jobs/status</c>.</summary>
    public Task<SetJobStatusResult> KillAsync(IEnumerable<long> jobIds, CancellationToken cancellationToken = default) =>
        SetStatusAsync(jobIds, Client.Generated.JobStatus.Killed, "Marked for termination", cancellationToken);

    /// <summary>Deletes jobs (status Deleted) through <c>PATCH /api/jobs/status</c>.</summary>
    public Task<SetJobStatusResult> DeleteAsync(IEnumerable<long> jobIds, CancellationToken cancellationToken = default) =>
        SetStatusAsync(jobIds, Client.Generated.JobStatus.Deleted, "Checking accounting", cancellationToken);

    /// <summary>Reschedules jobs (<c>POST /api/jobs/reschedule</c>).</summary>
    public Task<RescheduleResult> RescheduleAsync(IEnumerable<long> jobIds, bool resetJobs = false, CancellationToken cancellationToken = default) =>
        client.Jobs.RescheduleJobsAsync(new JobStatusJobIds { Job_ids = [.. jobIds] }, resetJobs, cancellationToken);

    private Task<SetJobStatusResult> SetStatusAsync(IEnumerable<long> jobIds, Client.Generated.JobStatus status, string minorStatus,
        CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", System.Globalization.CultureInfo.InvariantCulture);
        var body = jobIds.Distinct().ToDictionary(
            id => id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            IDictionary<string, JobStatusUpdate> (_) => new Dictionary<string, JobStatusUpdate>
            {
                [now] = new JobStatusUpdate { Status = status, MinorStatus = minorStatus, Source = "dirac" },
            });
        return client.Jobs.SetJobStatusesAsync(body, cancellationToken: cancellationToken);
    }
}
