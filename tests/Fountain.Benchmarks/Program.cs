using BenchmarkDotNet.Running;
using Fountain.Benchmarks;
using Fountain.Benchmarks.ZstdReference;

// Quick Stopwatch comparisons (seconds, not minutes): `dotnet run -c Release --project tests/Fountain.Benchmarks -- zstd-quick [MiB] [trials]`,
// and `sha3-quick [MiB] [trials]`.
int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index]) : fallback;
switch (args)
{
    case ["zstd-quick", ..]:
        ZstdQuick.Run(Arg(1, 32), Arg(2, 5));
        return;
    case ["sha3-quick", ..]:
        Sha3Quick.Run(Arg(1, 64), Arg(2, 7));
        return;
}

// Every benchmark class in this assembly is selectable: `dotnet run -c Release --project tests/Fountain.Benchmarks -- --filter '*Codec*'`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
