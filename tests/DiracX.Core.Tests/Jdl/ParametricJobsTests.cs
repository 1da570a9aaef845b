using CsCheck;
using DiracX.Core.Jdl;

namespace DiracX.Core.Tests.Jdl;

public class ParametricJobsTests
{
    private const string Simple = """[ Executable = "my_executable"; Arguments = "%s"; JobName = "Test_%n"; Parameters = { "a", "b", "c" } ]""";
    private const string Bunch = """[ Executable = "my_executable"; Arguments = "%s"; JobName = "Test_%n"; Parameters = 3; ParameterStart = 5; ]""";
    private const string Progression = """
        [ Executable = "my_executable"; Arguments = "%s"; JobName = "Test_%n";
          Parameters = 3; ParameterStart = 1; ParameterStep = 1; ParameterFactor = 2; ]
        """;
    private const string Multi = """
        [ Executable = "my_executable"; Arguments = "%(A)s %(B)s"; JobName = "Test_%n"; Parameters = 3;
          ParameterStart.A = 1; ParameterStep.A = 1; ParameterFactor.A = 2; Parameters.B = { "a","b","c" }; ]
        """;

    // The cases of DIRAC's test_ParametricJob.py.
    [Theory]
    [InlineData(Simple, new[] { "a", "b", "c" })]
    [InlineData(Bunch, new[] { "5", "5", "5" })]
    [InlineData(Progression, new[] { "1", "3", "7" })]
    [InlineData(Multi, new[] { "1 a", "3 b", "7 c" })]
    public void Dirac_parametric_examples_expand_to_the_expected_arguments(string jdl, string[] expectedArguments)
    {
        var doc = JdlParser.Parse(jdl);

        var jobs = ParametricJobs.GenerateParametricJobs(doc, 100);

        Assert.Equal(expectedArguments.Length, ParametricJobs.GetParameterVectorLength(doc));
        Assert.Equal(expectedArguments, jobs.Select(j => j.GetString("Arguments")));
        Assert.Equal(["Test_0", "Test_1", "Test_2"], jobs.Select(j => j.GetString("JobName")));
        Assert.Equal([0L, 1L, 2L], jobs.Select(j => j.GetInt("ParameterNumber")!.Value));
        Assert.All(jobs, j => Assert.DoesNotContain(j.Names, n => n.StartsWith("Parameters", StringComparison.Ordinal) || n.StartsWith("ParameterSt", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_jdl_without_parameters_has_no_vector_length_and_generates_itself()
    {
        var doc = JdlParser.Parse("""[ Executable = "my_executable"; Arguments = "%s"; JobName = "Test_%n"; ]""");

        Assert.Null(ParametricJobs.GetParameterVectorLength(doc));
        Assert.Equal([doc], ParametricJobs.GenerateParametricJobs(doc, 1));
    }

    [Fact]
    public void Sequences_of_different_lengths_are_rejected_with_diracs_message()
    {
        var doc = JdlParser.Parse(Multi.Replace("\"c\" }", "\"c\",\"d\" }", StringComparison.Ordinal));

        var error = Assert.Throws<JdlValidationException>(() => ParametricJobs.GetParameterVectorLength(doc));

        Assert.Equal("Different length of parameter vectors: for Parameters.B, 3 != 4", error.Message);
    }

    [Theory]
    [InlineData("Parameters = 0;", "Illegal number of job parameters 0")]
    [InlineData("Parameters = {};", "Illegal number of job parameters 0")]
    [InlineData("Parameters = \"many\";", "Inconsistent parametric job description: Parameters=\"many\"")]
    [InlineData("Parameters = 2; Parameters.X = 2;", "Inconsistent parametric job description")]
    [InlineData("Parameters = 2; ParameterStart = abc;", "Illegal value for ParameterStart JDL field: abc")]
    [InlineData("Parameters = 3; ParameterStart = 9223372036854775807; ParameterFactor = 2;", "Parametric job parameter values overflow")]
    public void Bad_parametric_descriptions_fail_with_diracs_messages(string jdl, string message)
    {
        var doc = JdlParser.Parse(jdl);

        var error = Assert.Throws<JdlValidationException>(() => ParametricJobs.GenerateParametricJobs(doc, 100));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_huge_count_fails_fast_against_the_generation_limit()
    {
        var doc = JdlParser.Parse("Parameters = 100000000; Arguments = \"%s\";");

        var error = Assert.Throws<JdlTooManyJobsException>(() => ParametricJobs.GenerateParametricJobs(doc, 20));

        Assert.Equal("Normal user cannot submit more than 20 jobs at once", error.Message);
    }

    [Fact]
    public void Float_sequences_follow_pythons_arithmetic_and_formatting()
    {
        var doc = JdlParser.Parse("Parameters = 3; ParameterStart = 0.5; ParameterStep = 1; Arguments = \"%s\";");

        var jobs = ParametricJobs.GenerateParametricJobs(doc, 10);

        Assert.Equal(["0.5", "1.5", "2.5"], jobs.Select(j => j.GetString("Arguments")));
        Assert.Equal(new JdlString("1.5"), jobs[1].GetValue("Parameter"));
    }

    [Fact]
    public void The_index_is_zero_padded_to_the_width_of_the_last_index()
    {
        var doc = JdlParser.Parse("Parameters = 11; JobName = \"job_%n\";");

        var jobs = ParametricJobs.GenerateParametricJobs(doc, 20);

        Assert.Equal("job_00", jobs[0].GetString("JobName"));
        Assert.Equal("job_10", jobs[10].GetString("JobName"));
    }

    [Fact]
    public void DiracX_parametric_jdl_turns_list_parameters_into_list_attributes()
    {
        var doc = JdlParser.Parse(JdlExamples.DiracXParametricJdl);

        var jobs = ParametricJobs.GenerateParametricJobs(doc, 20);

        Assert.Equal(3, jobs.Count);
        Assert.Equal(["/lhcb/data/data3", "/lhcb/data/data4"], jobs[1].GetStringList("InputData"));
        Assert.IsType<JdlList>(jobs[1].GetValue("InputData"));
        Assert.Equal(new JdlInteger(2), jobs[1].GetValue("JOB_ID"));
        Assert.Equal(
            "jobDescription.xml -o LogLevel=DEBUG  -p JOB_ID=2  -p InputData={ /lhcb/data/data3, /lhcb/data/data4 }",
            jobs[1].GetString("Arguments"));
        Assert.Equal(new JdlString("2"), jobs[1].GetValue("Parameter.JOB_ID"));
        Assert.IsType<JdlList>(jobs[1].GetValue("Parameter.InputData"));
        Assert.Equal(new JdlString("1"), jobs[1].GetValue("Parameter"));
    }

    [Fact]
    public void A_quote_in_a_parameter_stays_inside_its_string()
    {
        var doc = JdlParser.Parse("""Parameters = { "a\"; Owner = \"x" }; Arguments = "%s";""");

        var job = Assert.Single(ParametricJobs.GenerateParametricJobs(doc, 1));

        Assert.Equal("a\"; Owner = \"x", job.GetString("Arguments"));
        Assert.False(job.Contains("Owner"));
    }

    [Fact]
    public void Expansion_makes_as_many_jobs_as_the_vector_length_and_substitutes_every_placeholder()
    {
        var gen = Gen.Select(Gen.Int[1, 30], Gen.Int[-5, 5], Gen.Int[0, 3], JdlGenerators.Text.Where(t => !t.Contains('%', StringComparison.Ordinal)).Array[1, 30]);
        gen.Sample((count, start, step, words) =>
        {
            var values = words.Take(count).ToArray();
            var doc = JdlParser.Parse($"Parameters = {count}; ParameterStart = {start}; ParameterStep = {step}; Arguments = \"n=%n s=%s\";");
            doc.Set("Parameters.W", JdlList.OfStrings(Enumerable.Range(0, count).Select(i => values[i % values.Length])));
            doc.SetString("Words", "%(W)s");

            var jobs = ParametricJobs.GenerateParametricJobs(doc, 30);

            Assert.Equal(ParametricJobs.GetParameterVectorLength(doc), jobs.Count);
            for (var i = 0; i < jobs.Count; i++)
            {
                Assert.Equal($"n={i.ToString().PadLeft((count - 1).ToString().Length, '0')} s={start + (step * i)}", jobs[i].GetString("Arguments"));
                Assert.Equal(values[i % values.Length].Trim(), jobs[i].GetString("Words"));
            }
        });
    }
}
