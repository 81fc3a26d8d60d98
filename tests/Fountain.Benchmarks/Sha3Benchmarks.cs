using BenchmarkDotNet.Attributes;
using Fountain.Codec.Hashing;

namespace Fountain.Benchmarks;

/// <summary>
/// SHA3-256 over 64 MiB: BouncyCastle's managed implementation (used where the platform has none) against the
/// platform's (OpenSSL here), in the same run. Ratio is time / time(platform, one-shot): above 1 means slower.
/// Incremental runs hash in 64 KiB pieces, as request bodies and challenge ranges are hashed.
/// <c>dotnet run -c Release --project tests/Fountain.Benchmarks -- --filter '*Sha3Benchmarks*' --job short</c>,
/// or in seconds: <c>... -- sha3-quick</c>.
/// </summary>
[MemoryDiagnoser]
public class Sha3Benchmarks
{
    private const int PieceBytes = 64 * 1024;
    private readonly byte[] _data = new byte[64 << 20];
    private readonly byte[] _digest = new byte[32];

    [GlobalSetup]
    public void Setup() => new Random(42).NextBytes(_data);

    [Benchmark(Baseline = true)]
    public byte PlatformOneShot() => OneShot(Sha3Engine.Platform);

    [Benchmark]
    public byte BouncyCastleOneShot() => OneShot(Sha3Engine.BouncyCastle);

    [Benchmark]
    public byte PlatformIncremental() => Incremental(Sha3Engine.Platform);

    [Benchmark]
    public byte BouncyCastleIncremental() => Incremental(Sha3Engine.BouncyCastle);

    private byte OneShot(Sha3Engine engine)
    {
        engine.Hash(_data, _digest);
        return _digest[0];
    }

    private byte Incremental(Sha3Engine engine)
    {
        using var hasher = engine.CreateHasher();
        for (int i = 0; i < _data.Length; i += PieceBytes) hasher.AppendData(_data.AsSpan(i, PieceBytes));
        hasher.GetHashAndReset(_digest);
        return _digest[0];
    }
}
