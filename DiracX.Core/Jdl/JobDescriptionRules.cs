namespace DiracX.Core.Jdl;

/// <summary>
/// The job description limits DiracX reads from <c>Operations/&lt;vo&gt;/JobDescription</c> (and the two
/// module names from <c>Operations/&lt;vo&gt;</c>); the defaults are DiracX's.
/// </summary>
public sealed record JobDescriptionRules
{
    /// <summary>CPUTime written into a JDL that has none (seconds).</summary>
    public long DefaultCPUTime { get; init; } = 86400;

    /// <summary>Lower bound applied to the default CPUTime.</summary>
    public long MinCPUTime { get; init; } = 100;

    /// <summary>Upper bound applied to the default CPUTime.</summary>
    public long MaxCPUTime { get; init; } = 500000;

    /// <summary>Priority written into a JDL that has none.</summary>
    public long DefaultPriority { get; init; } = 1;

    /// <summary>Lower bound applied to the default Priority.</summary>
    public long MinPriority { get; init; }

    /// <summary>Upper bound applied to the default Priority.</summary>
    public long MaxPriority { get; init; } = 10;

    /// <summary>Most InputData LFNs one job may declare.</summary>
    public int MaxInputData { get; init; } = 100;

    /// <summary>Allowed JobType values (case-sensitive).</summary>
    public IReadOnlyList<string> AllowedJobTypes { get; init; } = ["User", "Test", "Hospital"];

    /// <summary><c>InputDataPolicy/InputDataModule</c>, written as <c>InputDataModule</c> when the JDL has none.</summary>
    public string? InputDataModule { get; init; } = "DIRAC.Core.Utilities.InputDataResolution";

    /// <summary><c>SoftwareDistModule</c>, written when the JDL has none.</summary>
    public string? SoftwareDistModule { get; init; } = "LocalSoftwareDist";
}
