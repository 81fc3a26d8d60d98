using BenchmarkDotNet.Running;
using Fountain.Benchmarks.ZstdReference;

// Quick Stopwatch comparisons (seconds, not minutes): `dotnet run -c Release --project tests/Fountain.Benchmarks -- zstd-quick [MiB] [trials]`.
if (args is ["zstd-quick", ..])
{
    ZstdQuick.Run(args.Length > 1 ? int.Parse(args[1]) : 32, args.Length > 2 ? int.Parse(args[2]) : 5);
    return;
}

// Every benchmark class in this assembly is selectable: `dotnet run -c Release --project tests/Fountain.Benchmarks -- --filter '*Codec*'`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
