using DiracX.Core.Errors;
using DiracX.Core.Models;
using DiracX.Core.Settings;
using DiracX.Db.Jobs;
using DiracX.Db.Sandboxes;

namespace DiracX.Logic.Sandboxes;

/// <summary>The user a sandbox operation acts for.</summary>
/// <param name="Owner">preferred_username.</param>
/// <param name="OwnerGroup">dirac_group.</param>
/// <param name="VO">vo.</param>
public sealed record SandboxUser(string Owner, string OwnerGroup, string VO);

/// <summary>What the sandbox routes work on: the metadata database, the store, its settings and the clock.</summary>
/// <param name="Db">SandboxMetadataDB.</param>
/// <param name="Store">The object store.</param>
/// <param name="Settings">The sandbox store settings.</param>
/// <param name="Time">The clock.</param>
public sealed record SandboxServices(SandboxMetadataDb Db, ISandboxStore Store, SandboxStoreSettings Settings, TimeProvider Time)
{
    /// <summary>Now, to the microsecond PostgreSQL keeps.</summary>
    public DateTimeOffset Now()
    {
        var now = Time.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - now.UtcTicks % 10, TimeSpan.Zero);
    }
}

/// <summary>DiracX's <c>logic/jobs/sandboxes.py</c>: upload, download and assignment of sandboxes.</summary>
public static class SandboxLogic
{
    /// <summary>The formats DiracX accepts.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["tar.bz2", "tar.zst"];

    /// <summary>
    /// The PFN of the sandbox, and a presigned POST when it must be uploaded (DiracX's <c>initiate_sandbox_upload</c>):
    /// a registered sandbox that is assigned, or whose object exists in the store with its size, needs no upload.
    /// The sandbox is registered (or its LastAccessTime refreshed) either way.
    /// </summary>
    /// <exception cref="DiracException">The sandbox is larger than <see cref="SandboxStoreSettings.MaxSandboxSizeBytes"/> (400).</exception>
    public static async Task<SandboxUploadResponse> InitiateUploadAsync(SandboxUser user, SandboxInfo info, SandboxServices services,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(services);
        if (info.Size > SandboxStoreSettings.MaxSandboxSizeBytes)
        {
            throw new DiracException($"Sandbox too large, maximum allowed is {SandboxStoreSettings.MaxSandboxSizeBytes} bytes");
        }
        var settings = services.Settings;
        var pfn = SandboxPfn.Build(settings.BucketName, user.VO, user.OwnerGroup, user.Owner, info.ChecksumAlgorithm, info.Checksum, info.Format);
        var fullPfn = $"SB:{settings.SeName}|{pfn}";
        var key = SandboxPfn.ToKey(pfn);
        var now = services.Now();
        var existing = await services.Db.GetSandboxesAsync(settings.SeName, [pfn], cancellationToken);
        if (existing is [var known] && (known.Assigned || await services.Store.ExistsAsync(key, info.Size, cancellationToken)))
        {
            await services.Db.TouchAsync(settings.SeName, pfn, now, cancellationToken);
            return new SandboxUploadResponse(fullPfn, null, new Dictionary<string, string>());
        }
        var upload = services.Store.PresignUpload(key, info.ChecksumAlgorithm, info.Checksum, info.Size);
        var ownerId = await services.Db.GetOrInsertOwnerIdAsync(user.Owner, user.OwnerGroup, user.VO, cancellationToken);
        await services.Db.InsertSandboxAsync(ownerId, settings.SeName, pfn, info.Size, now, cancellationToken);
        return new SandboxUploadResponse(fullPfn, upload.Url, upload.Fields);
    }

    /// <summary>A presigned GET of the sandbox (DiracX's <c>get_sandbox_file</c>); refreshes its LastAccessTime.</summary>
    public static async Task<SandboxDownloadResponse> GetDownloadUrlAsync(string pfn, SandboxServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var shortPfn = SandboxPfn.WithoutStorageElement(pfn);
        await services.Db.TouchAsync(services.Settings.SeName, shortPfn, services.Now(), cancellationToken);
        return new SandboxDownloadResponse(services.Store.PresignDownload(SandboxPfn.ToKey(shortPfn)), services.Settings.UrlValiditySeconds);
    }

    /// <summary>The job's input and output sandboxes, DiracX's one-element lists (quirk A9).</summary>
    public static async Task<Dictionary<string, IReadOnlyList<string?>>> GetJobSandboxesAsync(long jobId, SandboxMetadataDb db,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return new Dictionary<string, IReadOnlyList<string?>>(StringComparer.Ordinal)
        {
            ["Input"] = [await db.GetSandboxAssignedToJobAsync(jobId, "Input", cancellationToken)],
            ["Output"] = [await db.GetSandboxAssignedToJobAsync(jobId, "Output", cancellationToken)],
        };
    }

    /// <summary>The job's sandbox of one type (<c>input</c> or <c>output</c>), as a one-element list.</summary>
    public static async Task<IReadOnlyList<string?>> GetJobSandboxAsync(long jobId, string type, SandboxMetadataDb db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(type);
        return [await db.GetSandboxAssignedToJobAsync(jobId, char.ToUpperInvariant(type[0]) + type[1..], cancellationToken)];
    }

    /// <summary>
    /// Assigns the sandbox as the job's output (DiracX's <c>assign_sandbox_to_job</c>). 400 "Sandbox not found" when it
    /// is not registered, or (beyond DiracX, see quirks) when it belongs to someone else than the job's owner;
    /// 400 "Sandbox already assigned" when it is already the job's output.
    /// </summary>
    public static async Task AssignOutputAsync(long jobId, string pfn, SandboxServices services, JobDb jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(jobs);
        var shortPfn = SandboxPfn.WithoutStorageElement(pfn);
        var seName = services.Settings.SeName;
        var sandbox = (await services.Db.GetSandboxesAsync(seName, [shortPfn], cancellationToken)).SingleOrDefault();
        // The job's row stays locked (FOR SHARE) until the request commits: a concurrent removal cannot leave the
        // mapping made below pointing at a removed job (such a sandbox would never be cleaned).
        var owner = await jobs.LockJobOwnerAsync(jobId, cancellationToken);
        if (sandbox is null || owner is null || sandbox.Owner != owner.Owner || sandbox.VO != owner.VO)
        {
            throw new DiracException("Sandbox not found");
        }
        if (await services.Db.AssignAsync(jobId, seName, shortPfn, "Output", cancellationToken) != SandboxAssignment.Assigned)
        {
            throw new DiracException("Sandbox already assigned");
        }
    }

    /// <summary>Removes every sandbox mapping of the jobs (DiracX's <c>unassign_jobs_sandboxes</c>).</summary>
    public static Task UnassignAsync(IReadOnlyCollection<long> jobIds, SandboxMetadataDb db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.UnassignJobsAsync(jobIds, cancellationToken);
    }

    /// <summary>
    /// Checks the <c>SB:</c> PFNs named in the jobs' InputSandbox before the jobs are written: each must be a registered
    /// sandbox of the submitter (same user, group and VO). Returns, per job index, the sandbox ids to assign.
    /// </summary>
    /// <exception cref="DiracException">A PFN is malformed, unknown or someone else's (400, naming it).</exception>
    public static async Task<IReadOnlyList<long>[]> ResolveInputSandboxesAsync(IReadOnlyList<IReadOnlyList<string>> inputSandboxes,
        SandboxUser submitter, SandboxMetadataDb db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputSandboxes);
        ArgumentNullException.ThrowIfNull(submitter);
        ArgumentNullException.ThrowIfNull(db);
        var perJob = inputSandboxes.Select(list => list.Where(e => e.StartsWith("SB:", StringComparison.Ordinal)).ToList()).ToList();
        var distinct = perJob.SelectMany(l => l).Distinct(StringComparer.Ordinal).ToList();
        var result = new IReadOnlyList<long>[inputSandboxes.Count];
        if (distinct.Count == 0)
        {
            Array.Fill(result, []);
            return result;
        }
        foreach (var pfn in distinct.Where(p => !SandboxPfn.IsValid(p) || SandboxPfn.StorageElement(p) is null))
        {
            throw new DiracException($"Invalid input sandbox {pfn}");
        }
        // Locked until the submission commits: the clean-up cannot delete them before they are assigned.
        var rows = await db.LockSandboxesForAssignmentAsync([.. distinct.Select(p => SandboxPfn.StorageElement(p)!)],
            [.. distinct.Select(SandboxPfn.WithoutStorageElement)], cancellationToken);
        var byPfn = rows.ToDictionary(r => $"SB:{r.SEName}|{r.SEPFN}", StringComparer.Ordinal);
        foreach (var pfn in distinct)
        {
            if (!byPfn.TryGetValue(pfn, out var row))
            {
                throw new DiracException($"Input sandbox {pfn} is not known");
            }
            if (row.Owner != submitter.Owner || row.OwnerGroup != submitter.OwnerGroup || row.VO != submitter.VO)
            {
                throw new DiracException($"Input sandbox {pfn} does not belong to {submitter.Owner} ({submitter.OwnerGroup}, {submitter.VO})");
            }
        }
        for (var i = 0; i < perJob.Count; i++)
        {
            result[i] = [.. perJob[i].Distinct(StringComparer.Ordinal).Select(p => byPfn[p].SBId)];
        }
        return result;
    }
}
