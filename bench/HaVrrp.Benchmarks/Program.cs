using BenchmarkDotNet.Running;

// Run all: dotnet run -c Release --project bench/HaVrrp.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(HaVrrp.Benchmarks.InstanceListBenchmarks).Assembly).Run(args);
