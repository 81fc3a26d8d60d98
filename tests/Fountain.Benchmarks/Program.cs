using BenchmarkDotNet.Running;

// Every benchmark class in this assembly is selectable: `dotnet run -c Release --project tests/Fountain.Benchmarks -- --filter '*Codec*'`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
