using DiracX.Core.Jdl;

namespace DiracX.Core.Tests.Jdl;

public class JdlSubmissionTests
{
    [Fact]
    public void One_plain_jdl_is_one_non_parametric_job()
    {
        var result = JdlSubmission.Expand([JdlExamples.DiracXTestJdl]);

        Assert.False(result.IsParametric);
        Assert.Single(result.Jobs);
    }

    [Fact]
    public void One_parametric_jdl_is_expanded()
    {
        var result = JdlSubmission.Expand([JdlExamples.DiracXParametricJdl]);

        Assert.True(result.IsParametric);
        Assert.Equal(3, result.Jobs.Count);
    }

    [Fact]
    public void Parametric_jdls_cannot_be_submitted_in_bulk()
    {
        var error = Assert.Throws<JdlValidationException>(() =>
            JdlSubmission.Expand([JdlExamples.DiracXParametricJdl, JdlExamples.DiracXTestJdl]));

        Assert.Equal("You cannot submit parametric jobs in a bulk fashion", error.Message);
    }

    [Fact]
    public void More_than_twenty_jobs_are_refused_whether_listed_or_generated()
    {
        var listed = Assert.Throws<JdlTooManyJobsException>(() => JdlSubmission.Expand(Enumerable.Repeat(JdlExamples.DiracXTestJdl, 21).ToList()));
        var generated = Assert.Throws<JdlTooManyJobsException>(() => JdlSubmission.Expand([JdlExamples.DiracXLargeParametricJdl]));

        Assert.Equal("Normal user cannot submit more than 20 jobs at once", listed.Message);
        Assert.Equal(listed.Message, generated.Message);
        Assert.Equal(20, JdlSubmission.Expand(Enumerable.Repeat(JdlExamples.DiracXTestJdl, 20).ToList()).Jobs.Count);
    }
}
