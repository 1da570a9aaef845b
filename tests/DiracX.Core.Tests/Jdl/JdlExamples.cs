namespace DiracX.Core.Tests.Jdl;

/// <summary>Real JDLs from DiracX's and DIRAC's tests and documentation.</summary>
internal static class JdlExamples
{
    /// <summary>DiracX diracx-routers/tests/jobs/conftest.py TEST_JDL (no brackets, bare words).</summary>
    public const string DiracXTestJdl = """
            Arguments = "jobDescription.xml -o LogLevel=INFO";
            Executable = "dirac-jobexec";
            JobGroup = jobGroup;
            JobName = jobName;
            JobType = User;
            LogLevel = INFO;
            OutputSandbox =
                {
                    Script1_CodeOutput.log,
            std.err,
                    std.out
                };
            Priority = 1;
            Site = ANY;
            StdError = std.err;
            StdOutput = std.out;
        """;

    /// <summary>DiracX conftest.py TEST_PARAMETRIC_JDL (named sequences, a list of lists).</summary>
    public const string DiracXParametricJdl = """
        Arguments = "jobDescription.xml -o LogLevel=DEBUG  -p JOB_ID=%(JOB_ID)s  -p InputData=%(InputData)s";
            Executable = "dirac-jobexec";
            InputData = %(InputData)s;
            InputSandbox = jobDescription.xml;
            JOB_ID = %(JOB_ID)s;
            JobName = Name;
            JobType = User;
            LogLevel = DEBUG;
            OutputSandbox =
                {
                    Script1_CodeOutput.log,
                    std.err,
                    std.out
                };
            Parameters = 3;
            Parameters.InputData =
                {
                    {/lhcb/data/data1,
                    /lhcb/data/data2},
                    {/lhcb/data/data3,
                    /lhcb/data/data4},
                    {/lhcb/data/data5,
                    /lhcb/data/data6}
                };
            Parameters.JOB_ID =
                {
                    1,
                    2,
                    3
                };
            Priority = 1;
            StdError = std.err;
            StdOutput = std.out;
        """;

    /// <summary>DiracX test_query.py TEST_LARGE_PARAMETRIC_JDL.</summary>
    public const string DiracXLargeParametricJdl = """
            Executable = "echo";
            Arguments = "%s";
            JobName = "Test_%n";
            Parameters = 100;
            ParameterStart = 1;
        """;

    /// <summary>A JDL as DIRAC's Job API writes it (bracketed, requirements expression, nested ClassAd).</summary>
    public const string DiracApiJdl = """
        [
            Origin = "DIRAC";
            Executable = "$DIRACROOT/scripts/dirac-jobexec";
            StdError = "std.err";
            LogLevel = "info";
            JobName = "helloWorld";
            Priority = "1";
            InputSandbox =
                {
                    "jobDescription.xml",
                    "LFN:/vo/user/a/alice/script.py"
                };
            Arguments = "jobDescription.xml -o LogLevel=info";
            JobGroup = "vo.user";
            OutputSandbox =
                {
                    "helloWorld.log",
                    "std.err",
                    "std.out"
                };
            StdOutput = "std.out";
            InputData = "";
            JobType = "User";
            CPUTime = 3600.5;
            Tags = { "MultiProcessor", "GPU" };
            BannedSites = { "LCG.CERN.cern" };
            Requirements = other.Site == "LCG.CERN.cern" && other.CPUTime >= 3600;
            WholeNode = false;
            Extra = [ Key = "value"; Count = 2 ]
        ]
        """;
}
