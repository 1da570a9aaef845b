namespace DiracX.Core.Jdl;

/// <summary>Who submits a job: the token's preferred_username, DIRAC group and VO.</summary>
public sealed record JobOwner(string Owner, string OwnerGroup, string VO);

/// <summary>A job ready to be stored: its final JDL and the Jobs-table attributes read from it.</summary>
/// <param name="Jdl">The JDL to store (sorted by name, as DIRAC's <c>asJDL</c> writes it).</param>
/// <param name="JobName">JobName, or null to keep the column default.</param>
/// <param name="JobType">JobType, or null to keep the column default.</param>
/// <param name="JobGroup">JobGroup, or null to keep the column default.</param>
/// <param name="Site">The site, "Multiple" when several are given, or null to keep the default.</param>
/// <param name="UserPriority">The JDL Priority (0 when absent).</param>
/// <param name="InputData">The InputData LFNs to record.</param>
public sealed record PreparedJob(
    JdlDocument Jdl,
    string? JobName,
    string? JobType,
    string? JobGroup,
    string? Site,
    int UserPriority,
    IReadOnlyList<string> InputData);

/// <summary>
/// The steps DiracX runs once a job has its ID (<c>create_jdl_jobs</c>: <c>%j</c> substitution,
/// <c>checkAndPrepareJob</c>, <c>createJDLWithInitialStatus</c>).
/// </summary>
public static class JobPreparation
{
    /// <summary>Builds the JDL to store from the manifest returned by <see cref="JobManifest.CheckAndAddOwner"/>.</summary>
    /// <param name="manifest">The checked manifest.</param>
    /// <param name="jobId">The ID the database gave the job.</param>
    /// <param name="owner">The submitter.</param>
    /// <param name="rules">The VO's job description rules.</param>
    /// <param name="findCompatiblePlatforms">DiracX's <c>find_compatible_platforms</c> (overridable by
    /// extensions), e.g. <see cref="PlatformCompatibility.FindCompatiblePlatforms{TOsSet}"/> over the config.</param>
    /// <exception cref="JdlValidationException">A rule is violated (DIRAC's message).</exception>
    public static PreparedJob PrepareJob(
        JdlDocument manifest,
        long jobId,
        JobOwner owner,
        JobDescriptionRules rules,
        Func<IReadOnlyList<string>, IReadOnlyList<string>> findCompatiblePlatforms)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(findCompatiblePlatforms);
        // The substitution returns a deep copy (nested ClassAds included): the manifest is never changed, no clone needed.
        var job = JdlPlaceholders.SubstituteJobId(manifest, jobId);
        job.SetInt("JobID", jobId);
        if (job.Contains("Parameters"))
        {
            throw new JdlValidationException("Parameters in the JDL are not supported");
        }

        var error = OwnershipError(job, owner);
        var requirements = AddOwnership(job, owner);
        AddModules(job, rules);
        var priority = (int)Math.Clamp(job.GetInt("Priority") ?? 0, int.MinValue, int.MaxValue);
        requirements.SetInt("UserPriority", priority);
        requirements.SetInt("CPUTime", job.GetInt("CPUTime") ?? rules.DefaultCPUTime);
        var platforms = job.GetStringList("Platform");
        if (platforms.Count > 0)
        {
            var compatible = findCompatiblePlatforms(platforms);
            if (compatible.Count > 0)
            {
                requirements.SetStringList("Platforms", compatible);
            }
            else
            {
                error = "OS compatibility info not found";
            }
        }

        if (error is not null)
        {
            throw new JdlValidationException(error);
        }

        job.Set("JobRequirements", new JdlClassAd(requirements.SortedByName()));
        var site = NonEmpty(job.GetString("Site"));
        return new PreparedJob(
            job.SortedByName(),
            NonEmpty(job.GetString("JobName")),
            NonEmpty(job.GetString("JobType")),
            NonEmpty(job.GetString("JobGroup")),
            site is not null && site.Contains(',', StringComparison.Ordinal) ? "Multiple" : site,
            priority,
            job.GetStringList("InputData"));
    }

    private static string? OwnershipError(JdlDocument job, JobOwner owner)
    {
        if (NonEmpty(job.GetString("Owner")) is { } jdlOwner && jdlOwner != owner.Owner)
        {
            return "Wrong Owner in JDL";
        }

        if (NonEmpty(job.GetString("OwnerGroup")) is { } jdlGroup && jdlGroup != owner.OwnerGroup)
        {
            return "Wrong Owner Group in JDL";
        }

        return NonEmpty(job.GetString("VirtualOrganization")) is { } jdlVo && jdlVo != owner.VO
            ? "Wrong Virtual Organization in JDL"
            : null;
    }

    private static JdlDocument AddOwnership(JdlDocument job, JobOwner owner)
    {
        var requirements = new JdlDocument();
        foreach (var target in new[] { job, requirements })
        {
            target.SetString("Owner", owner.Owner);
            target.SetString("OwnerGroup", owner.OwnerGroup);
            if (!string.IsNullOrEmpty(owner.VO))
            {
                target.SetString("VirtualOrganization", owner.VO);
            }
        }

        return requirements;
    }

    private static void AddModules(JdlDocument job, JobDescriptionRules rules)
    {
        if (!string.IsNullOrEmpty(rules.InputDataModule) && !job.Contains("InputDataModule"))
        {
            job.SetString("InputDataModule", rules.InputDataModule);
        }

        if (!string.IsNullOrEmpty(rules.SoftwareDistModule) && !job.Contains("SoftwareDistModule"))
        {
            job.SetString("SoftwareDistModule", rules.SoftwareDistModule);
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
