namespace DiracX.Core.Jdl;

/// <summary>The jobs one <c>POST /api/jobs/jdl</c> request describes.</summary>
/// <param name="Jobs">One document per job to create.</param>
/// <param name="IsParametric">Whether they came from one parametric JDL (initial status Submitting /
/// "Bulk transaction confirmation" rather than Received / "Job accepted").</param>
public sealed record JdlSubmissionJobs(IReadOnlyList<JdlDocument> Jobs, bool IsParametric);

/// <summary>The parsing and expansion part of DiracX's <c>submit_jdl_jobs</c>.</summary>
public static class JdlSubmission
{
    /// <summary>DiracX's <c>MAX_PARAMETRIC_JOBS</c>: the most jobs one request may create.</summary>
    public const int MaxJobsPerSubmission = 20;

    /// <summary>
    /// Parses the JDLs (with or without surrounding brackets). A single parametric JDL is expanded;
    /// several JDLs must not be parametric. At most <paramref name="maxJobs"/> jobs may result.
    /// </summary>
    /// <exception cref="JdlSyntaxException">A JDL is not well formed.</exception>
    /// <exception cref="JdlValidationException">Bulk parametric submission, too many jobs, or a bad parametric description.</exception>
    public static JdlSubmissionJobs Expand(IReadOnlyList<string> jdls, int maxJobs = MaxJobsPerSubmission)
    {
        ArgumentNullException.ThrowIfNull(jdls);
        if (jdls.Count > maxJobs)
        {
            throw new JdlTooManyJobsException(maxJobs);
        }

        var documents = jdls.Select(j => JdlParser.Parse(j)).ToList();
        if (documents.Count == 1)
        {
            if (ParametricJobs.GetParameterVectorLength(documents[0]) is > 0)
            {
                return new(ParametricJobs.GenerateParametricJobs(documents[0], maxJobs), true);
            }

            return new(documents, false);
        }

        foreach (var document in documents)
        {
            if (ParametricJobs.GetParameterVectorLength(document) is > 0)
            {
                throw new JdlValidationException("You cannot submit parametric jobs in a bulk fashion");
            }
        }

        return new(documents, false);
    }
}
