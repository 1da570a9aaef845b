namespace DiracX.Bench;

/// <summary>
/// The JDL of a typical user analysis job (about one kilobyte, with sandboxes and output data), shared by the end-to-end
/// bench and the micro-benchmarks so that both measure the same document.
/// </summary>
internal static class BenchJdl
{
    /// <summary>Job <paramref name="n"/>: its name and output LFN carry the number.</summary>
    public static string Of(int n) => $$"""
        [
          Executable = "dirac-jobexec";
          Arguments = "jobDescription.xml -o LogLevel=INFO";
          JobName = "bench_{{n}}";
          JobGroup = "bench";
          OutputSandbox = { "std.out", "std.err", "output.log", "summary.xml" };
          InputSandbox = { "jobDescription.xml", "bench.py", "options.opts" };
          StdOutput = "std.out";
          StdError = "std.err";
          Priority = 1;
          CPUTime = 86400;
          Tags = { "8GB", "x86_64-el9" };
          Site = "ANY";
          LogLevel = "INFO";
          MaxRescheduling = 3;
          OutputData = { "LFN:/lhcb/user/c/chaen/bench/{{n}}/out.root" };
          OutputSE = "DIRAC-USER";
          Origin = "DiracX-bench";
          Comment = "Bench job: a typical analysis job description of about one kilobyte, with sandboxes and output data";
        ]
        """;
}
