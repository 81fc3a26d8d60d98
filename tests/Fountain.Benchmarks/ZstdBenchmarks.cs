using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using Fountain.Benchmarks.ZstdReference;

namespace Fountain.Benchmarks;

/// <summary>
/// Archive packing and unpacking (tar + zstd, in memory) through ZstdSharp, Fountain's path, against native libzstd
/// (<see cref="NativeZstd"/>, the reference), on the same 32 MiB samples (<see cref="SampleMix"/>) in the same run. The Ratio column is
/// time(ZstdSharp) / time(native) within each category: below 1 means ZstdSharp is faster. Both unpack the archive
/// native zstd wrote; decompress is zstd alone, without the tar reader. Three warm-ups let tiered compilation finish
/// optimising ZstdSharp's code (see zstd-quick's cold figures for a one-shot process). One operation takes seconds at
/// level 15, hence few iterations and no extra --job:
/// <c>dotnet run -c Release --project tests/Fountain.Benchmarks -- --filter '*ZstdBenchmarks*'</c>.
/// For a figure in half a minute: <c>dotnet run -c Release --project tests/Fountain.Benchmarks -- zstd-quick</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 7)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ZstdBenchmarks
{
    private List<(string Name, byte[] Content)> _files = [];
    private byte[] _nativeArchive = [];

    [Params(3, 15)]
    public int Level { get; set; }

    [Params(SampleMix.Mixed, SampleMix.Compressible)]
    public SampleMix Mix { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _files = ArchiveSample.Files(32L << 20, Mix);
        _nativeArchive = ArchiveSample.Pack(_files, ZstdImplementation.Native, Level);
    }

    [BenchmarkCategory("pack"), Benchmark(Baseline = true)]
    public int PackNative() => ArchiveSample.Pack(_files, ZstdImplementation.Native, Level).Length;

    [BenchmarkCategory("pack"), Benchmark]
    public int PackZstdSharp() => ArchiveSample.Pack(_files, ZstdImplementation.ZstdSharp, Level).Length;

    [BenchmarkCategory("unpack"), Benchmark(Baseline = true)]
    public long UnpackNative() => ArchiveSample.Unpack(_nativeArchive, ZstdImplementation.Native);

    [BenchmarkCategory("unpack"), Benchmark]
    public long UnpackZstdSharp() => ArchiveSample.Unpack(_nativeArchive, ZstdImplementation.ZstdSharp);

    [BenchmarkCategory("decompress"), Benchmark(Baseline = true)]
    public void DecompressNative() => ArchiveSample.Drain(_nativeArchive, ZstdImplementation.Native);

    [BenchmarkCategory("decompress"), Benchmark]
    public void DecompressZstdSharp() => ArchiveSample.Drain(_nativeArchive, ZstdImplementation.ZstdSharp);
}
