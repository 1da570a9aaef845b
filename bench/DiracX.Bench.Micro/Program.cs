using BenchmarkDotNet.Running;

// Manual: dotnet run -c Release --project bench/DiracX.Bench.Micro -- --filter '*'   (see bench/README.md)
BenchmarkSwitcher.FromAssembly(typeof(DiracX.Bench.Micro.JdlBenchmarks).Assembly).Run(args);
