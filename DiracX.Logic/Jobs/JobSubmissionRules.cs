using DiracX.Core.Configuration;
using DiracX.Core.Jdl;

namespace DiracX.Logic.Jobs;

/// <summary>The submission rules of a VO, from its <c>Operations.&lt;vo&gt;.JobDescription</c> and the platforms map.</summary>
public static class JobSubmissionRules
{
    /// <summary>Settings for <see cref="JobSubmission.SubmitJdlJobsAsync"/> for a submitter of <paramref name="vo"/>.</summary>
    public static JobSubmissionSettings For(Config config, string vo, int maxJobs, int maxJdlBytes)
    {
        var description = config.Operations.TryGetValue(vo, out var operations) ? operations.JobDescription : new JobDescriptionConfig();
        return new JobSubmissionSettings
        {
            Rules = new JobDescriptionRules
            {
                DefaultCPUTime = description.DefaultCPUTime,
                MinCPUTime = description.MinCPUTime,
                MaxCPUTime = description.MaxCPUTime,
                DefaultPriority = description.DefaultPriority,
                MinPriority = description.MinPriority,
                MaxPriority = description.MaxPriority,
                MaxInputData = description.MaxInputData,
                AllowedJobTypes = description.AllowedJobTypes,
            },
            OsCompatibility = config.Resources.Computing.OSCompatibility,
            MaxJobs = maxJobs,
            MaxJdlBytes = maxJdlBytes,
        };
    }
}
