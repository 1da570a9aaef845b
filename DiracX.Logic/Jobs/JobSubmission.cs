using System.Text;
using DiracX.Core.Collections;
using DiracX.Core.Configuration;
using DiracX.Core.Errors;
using DiracX.Core.Jdl;
using DiracX.Core.Models;
using DiracX.Db.JobLogging;
using DiracX.Db.Jobs;
using DiracX.Db.Sandboxes;
using DiracX.Core.Telemetry;
using DiracX.Logic.Sandboxes;

namespace DiracX.Logic.Jobs;

/// <summary>DiracX's <c>submit_jdl_jobs</c>: turns JDLs into stored jobs (the logic of <c>POST /api/jobs/jdl</c>).</summary>
public static class JobSubmission
{
    /// <summary>The minor status of a job submitted on its own or in a bulk of JDLs.</summary>
    public const string AcceptedMinorStatus = "Job accepted";

    /// <summary>The minor status of the jobs of a parametric JDL.</summary>
    public const string BulkMinorStatus = "Bulk transaction confirmation";

    /// <summary>The StatusSource of the first LoggingInfo record.</summary>
    public const string Source = "JobManager";

    /// <summary>
    /// Submits JDLs under the submission rules of the submitter's VO (<see cref="JobSubmissionRules.For"/>, from the
    /// configuration) and the given limits; the <c>SB:</c> sandboxes of their InputSandbox are assigned to them (see
    /// the overload with <c>sandboxes</c>).
    /// </summary>
    public static Task<IReadOnlyList<InsertedJob>> SubmitJdlJobsAsync(IReadOnlyList<string> jdls, JobOwner submitter, Config config,
        JobSubmissionLimits limits, JobDb jobDb, JobLoggingDb jobLoggingDb, SandboxMetadataDb? sandboxes, TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submitter);
        ArgumentNullException.ThrowIfNull(limits);
        var settings = JobSubmissionRules.For(config, submitter.VO, limits.MaxJobs, limits.MaxJdlBytes);
        return SubmitJdlJobsAsync(jdls, submitter, settings, jobDb, jobLoggingDb, sandboxes, timeProvider, cancellationToken);
    }

    /// <summary>Submits the jobs without sandbox assignment (an InputSandbox naming <c>SB:</c> PFNs is stored as given).</summary>
    public static Task<IReadOnlyList<InsertedJob>> SubmitJdlJobsAsync(IReadOnlyList<string> jdls, JobOwner submitter, JobSubmissionSettings settings,
        JobDb jobDb, JobLoggingDb jobLoggingDb, TimeProvider timeProvider, CancellationToken cancellationToken) =>
        SubmitJdlJobsAsync(jdls, submitter, settings, jobDb, jobLoggingDb, null, timeProvider, cancellationToken);

    /// <summary>
    /// Parses, expands, checks and stores the jobs. One JDL may be parametric (its jobs start as Submitting /
    /// "Bulk transaction confirmation"); several JDLs must not be (each starts as Received / "Job accepted").
    /// The jobs get Owner = preferred_username, OwnerGroup = dirac_group and the VO of <paramref name="submitter"/>,
    /// <c>%j</c> in a JDL becomes the JobID, and every job gets a first LoggingInfo record from "JobManager".
    /// All checks run before anything is written; the writes are a fixed number of statements whatever the number of
    /// jobs, in the transaction of the contexts behind <paramref name="jobDb"/> and <paramref name="jobLoggingDb"/>
    /// (the caller's unit of work commits or rolls back). With <paramref name="sandboxes"/>, the <c>SB:</c> PFNs of each
    /// job's InputSandbox must be sandboxes of the submitter (else 400 naming the PFN, before any job is written) and
    /// are assigned to the job as Input in the same transaction (the databases share one connection: start-up checks it).
    /// </summary>
    /// <exception cref="PayloadTooLargeException">A JDL is larger than <see cref="JobSubmissionSettings.MaxJdlBytes"/>.</exception>
    /// <exception cref="JdlSyntaxException">A JDL is not well formed (400, with the line and column).</exception>
    /// <exception cref="JdlValidationException">A JDL breaks a rule, too many jobs, or bulk parametric submission (400).</exception>
    /// <exception cref="DiracException">A value does not fit its column (400).</exception>
    public static async Task<IReadOnlyList<InsertedJob>> SubmitJdlJobsAsync(
        IReadOnlyList<string> jdls,
        JobOwner submitter,
        JobSubmissionSettings settings,
        JobDb jobDb,
        JobLoggingDb jobLoggingDb,
        SandboxMetadataDb? sandboxes,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        using var activity = DiracXTelemetry.Start("diracx.jobs.submit");
        ArgumentNullException.ThrowIfNull(jdls);
        ArgumentNullException.ThrowIfNull(submitter);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(jobDb);
        ArgumentNullException.ThrowIfNull(jobLoggingDb);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (jdls.Count == 0)
        {
            return [];
        }
        var texts = jdls.Select(j => Bracketed(j, settings.MaxJdlBytes)).ToList();
        var expanded = JdlSubmission.Expand(texts, settings.MaxJobs);
        // Per-job CPU work (writing, checking, preparing) is independent per job: large requests use every core,
        // in order, and the first failing job (by index) fails the request as in a sequential loop.
        IReadOnlyList<string> originals = expanded.IsParametric ? OrderedParallel.Map(expanded.Jobs, (j, _) => JdlWriter.Write(j)) : texts;
        var manifests = OrderedParallel.Map(expanded.Jobs,
            (j, _) => JobManifest.CheckAndAddOwner(j, submitter.Owner, submitter.OwnerGroup, settings.Rules));
        var (status, minorStatus) = expanded.IsParametric
            ? (JobStatus.Submitting, BulkMinorStatus)
            : (JobStatus.Received, AcceptedMinorStatus);

        var inputSandboxes = sandboxes is null ? null : await SandboxLogic.ResolveInputSandboxesAsync(
            [.. manifests.Select(m => m.GetStringList("InputSandbox"))], new SandboxUser(submitter.Owner, submitter.OwnerGroup, submitter.VO),
            sandboxes, cancellationToken);

        var ids = await jobDb.ReserveJobIdsAsync(manifests.Length, cancellationToken);
        var now = ToMicroseconds(timeProvider.GetUtcNow());
        var statusText = status.ToString();
        var jobs = OrderedParallel.Map(manifests, (manifest, i) =>
        {
            var prepared = JobPreparation.PrepareJob(manifest, ids[i], submitter, settings.Rules,
                platforms => PlatformCompatibility.FindCompatiblePlatforms(platforms, settings.OsCompatibility));
            return ToNewJob(prepared, ids[i], originals[i], submitter, statusText, minorStatus, now);
        });
        JobColumnChecks.Check(jobs);

        await jobDb.InsertJobsAsync(jobs, cancellationToken);
        await jobLoggingDb.InsertRecordsAsync(
            [.. ids.Select(id => new JobLoggingRecord(id, status.ToString(), minorStatus, "Unknown", now, Source))],
            cancellationToken);
        if (sandboxes is not null && inputSandboxes is not null && inputSandboxes.Any(l => l.Count > 0))
        {
            var pairs = inputSandboxes.SelectMany((sbIds, i) => sbIds.Select(sb => (Sandbox: sb, Job: ids[i]))).ToList();
            await sandboxes.AssignManyAsync([.. pairs.Select(p => p.Sandbox)], [.. pairs.Select(p => p.Job)], "Input", cancellationToken);
        }
        DiracXTelemetry.JobsSubmitted.Add(ids.Count);
        DiracXTelemetry.JobsPerRequest.Record(ids.Count, new KeyValuePair<string, object?>("operation", "submit"));
        activity?.SetTag("diracx.jobs.count", ids.Count);
        return [.. ids.Select(id => new InsertedJob(id, status, minorStatus, now))];
    }

    /// <summary>The JDL trimmed and wrapped in <c>[...]</c> when it is not already (DiracX stores it that way).</summary>
    private static string Bracketed(string jdl, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(jdl);
        if (jdl.Length > maxBytes || Encoding.UTF8.GetByteCount(jdl) > maxBytes)
        {
            throw new PayloadTooLargeException($"JDL is larger than the limit of {maxBytes} bytes");
        }
        var trimmed = jdl.Trim();
        return trimmed.StartsWith('[') && trimmed.EndsWith(']') ? trimmed : $"[{trimmed}]";
    }

    private static NewJob ToNewJob(PreparedJob prepared, long id, string original, JobOwner submitter, string status,
        string minorStatus, DateTimeOffset now) =>
        new(id, JdlWriter.Write(prepared.Jdl), original, submitter.Owner, submitter.OwnerGroup, submitter.VO, status,
            minorStatus, now)
        {
            JobType = prepared.JobType,
            JobGroup = prepared.JobGroup,
            Site = prepared.Site,
            JobName = prepared.JobName,
            UserPriority = prepared.UserPriority,
            VerifiedFlag = true,
            InputData = [.. prepared.InputData.Where(lfn => lfn.Length > 0)],
        };

    // PostgreSQL keeps microseconds: the time returned must be the time stored.
    private static DateTimeOffset ToMicroseconds(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % 10, TimeSpan.Zero);
}
