using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using Fountain.Benchmarks.ZstdReference;

namespace Fountain.Benchmarks;

/// <summary>
/// Archive packing and unpacking (tar + zstd, in memory) through ZstdSharp, Fountain's path, against native libzstd
/// (<see cref="NativeZstd"/>, the reference), on the same 32 MiB samples (<see cref="SampleMix"/>) in the same run.
/// The Ratio column is time(ZstdSharp) / time(native) within each category: below 1 means ZstdSharp is faster.
/// Both unpack the archive native zstd wrote; decompress is zstd alone, without the tar reader.
/// <c>dotnet run -c Release --project tests/Fountain.Benchmarks -- --filter '*Zstd*Benchmarks*'</c> (no extra --job:
/// each class sets its own). For a figure in a minute or two, with first-call costs: <c>... -- zstd-quick</c>.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public abstract class ZstdBenchmarksBase
{
    protected List<(string Name, byte[] Content)> Files { get; private set; } = [];
    protected byte[] NativeArchive { get; private set; } = [];

    [Params(3, 15)]
    public int Level { get; set; }

    [Params(SampleMix.Mixed, SampleMix.Compressible)]
    public SampleMix Mix { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Files = ArchiveSample.Files(32L << 20, Mix);
        NativeArchive = ArchiveSample.Pack(Files, ZstdImplementation.Native, Level);
    }
}

/// <summary>Packing takes seconds at level 15, hence single operations and few iterations.</summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 5)]
public class ZstdPackBenchmarks : ZstdBenchmarksBase
{
    [BenchmarkCategory("pack"), Benchmark(Baseline = true)]
    public int PackNative() => ArchiveSample.Pack(Files, ZstdImplementation.Native, Level).Length;

    [BenchmarkCategory("pack"), Benchmark]
    public int PackZstdSharp() => ArchiveSample.Pack(Files, ZstdImplementation.ZstdSharp, Level).Length;
}

/// <summary>
/// Unpacking takes tens of milliseconds. In a fresh process ZstdSharp needed about 12 of them (about a second) before
/// tiered compilation had optimised its code (70 ms each, then 31; native 27 throughout), so the warm-up is long: this
/// is a node's steady state. zstd-quick's cold figures show what a one-shot command pays.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 15, iterationCount: 10)]
public class ZstdUnpackBenchmarks : ZstdBenchmarksBase
{
    [BenchmarkCategory("unpack"), Benchmark(Baseline = true)]
    public long UnpackNative() => ArchiveSample.Unpack(NativeArchive, ZstdImplementation.Native);

    [BenchmarkCategory("unpack"), Benchmark]
    public long UnpackZstdSharp() => ArchiveSample.Unpack(NativeArchive, ZstdImplementation.ZstdSharp);

    [BenchmarkCategory("decompress"), Benchmark(Baseline = true)]
    public void DecompressNative() => ArchiveSample.Drain(NativeArchive, ZstdImplementation.Native);

    [BenchmarkCategory("decompress"), Benchmark]
    public void DecompressZstdSharp() => ArchiveSample.Drain(NativeArchive, ZstdImplementation.ZstdSharp);
}
