using DiracX.Core.Jdl;

namespace DiracX.Logic.Jobs;

/// <summary>What a JDL submission is checked against: the VO's configuration and the request limits.</summary>
public sealed record JobSubmissionSettings
{
    /// <summary>The VO's job description rules (<c>Operations/&lt;vo&gt;/JobDescription</c>).</summary>
    public JobDescriptionRules Rules { get; init; } = new();

    /// <summary>
    /// <c>Resources/Computing/OSCompatibility</c>: DIRAC platform → compatible OS names. Only used for jobs with a
    /// <c>Platform</c>; when it is empty such jobs are refused ("OS compatibility info not found"), as in DiracX.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> OsCompatibility { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

    /// <summary>The most jobs one request may create (DiracX's <c>MAX_PARAMETRIC_JOBS</c>, 20).</summary>
    public int MaxJobs { get; init; } = JdlSubmission.MaxJobsPerSubmission;

    /// <summary>
    /// The largest JDL accepted, in UTF-8 bytes (413 beyond). DiracX has no such limit; 1 MiB is far above real JDLs
    /// (about 1 KB) and bounds the parsing and storage work one request can cause.
    /// </summary>
    public int MaxJdlBytes { get; init; } = 1024 * 1024;
}
