using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// Manual: dotnet run -c Release --project bench/DiracX.Bench.Micro -- --filter '*'   (see bench/README.md)
// Reports go to bench/results/micro/ (ignored by git), not to the current folder.
var results = Path.Combine(FindBench(), "results", "micro");
BenchmarkSwitcher.FromAssembly(typeof(DiracX.Bench.Micro.JdlBenchmarks).Assembly)
    .Run(args, DefaultConfig.Instance.WithArtifactsPath(results));

static string FindBench()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DiracX.sln")))
    {
        dir = dir.Parent;
    }
    return Path.Combine(dir?.FullName ?? Directory.GetCurrentDirectory(), "bench");
}
