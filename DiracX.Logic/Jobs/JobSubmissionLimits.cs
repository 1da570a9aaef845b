namespace DiracX.Logic.Jobs;

/// <summary>The service's limits on one submission, whatever the VO.</summary>
/// <param name="MaxJobs">Most jobs one submission may create, parametric expansion included.</param>
/// <param name="MaxJdlBytes">Largest JDL accepted, in bytes.</param>
public sealed record JobSubmissionLimits(int MaxJobs, int MaxJdlBytes);
