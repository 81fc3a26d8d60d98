using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Fountain.Codec.Legacy;

namespace Fountain.Benchmarks;

/// <summary>
/// pastel-v0 encode and decode against the bound that matters here, SHA3-256 over the same bytes, measured in the
/// same run. An encode must hash every payload twice (the header holds the payload's hash and the file name the
/// hash of header and payload), so its best possible ratio to <see cref="Sha3OfAllPayloads"/> is about 0.5.
/// Run: <c>dotnet run -c Release --project tests/Fountain.Benchmarks -- --filter '*PastelV0*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class LegacyPastelV0Benchmarks
{
    private const int BlockSizeBytes = 2_048_044; // the seed demo's 2,048,000-byte payload plus the 44-byte header
    private const double Redundancy = 12;
    private byte[] _archive = [];
    private List<(string Name, byte[] Bytes)> _shuffledBlocks = [];
    private byte[] _payloadSizedBuffer = [];
    private int _blockCount;

    [Params(4 << 20)]
    public int ArchiveBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _archive = new byte[ArchiveBytes];
        new Random(42).NextBytes(_archive);
        var blocks = new List<(string, byte[])>();
        var result = PastelV0Encoder.Encode(_archive, BlockSizeBytes, Redundancy, 12345, (name, bytes) => blocks.Add((name, bytes.ToArray())));
        _blockCount = result.BlockCount;
        var random = new Random(7);
        _shuffledBlocks = blocks.OrderBy(_ => random.Next()).ToList();
        _payloadSizedBuffer = new byte[BlockSizeBytes - PastelV0Block.HeaderBytes];
        random.NextBytes(_payloadSizedBuffer);
    }

    /// <summary>The bound: SHA3-256 of every payload the encoder writes, once.</summary>
    [Benchmark(Baseline = true)]
    public int Sha3OfAllPayloads()
    {
        Span<byte> digest = stackalloc byte[32];
        for (int i = 0; i < _blockCount; i++)
        {
            SHA3_256.HashData(_payloadSizedBuffer, digest);
        }

        return digest[0];
    }

    [Benchmark]
    public int Encode()
    {
        int sum = 0;
        PastelV0Encoder.Encode(_archive, BlockSizeBytes, Redundancy, 12345, (_, bytes) => sum += bytes[0]);
        return sum;
    }

    /// <summary>Decodes from shuffled blocks, stopping when complete, verifying payload and name hashes.</summary>
    [Benchmark]
    public int Decode()
    {
        var decoder = new PastelV0Decoder();
        foreach (var (name, bytes) in _shuffledBlocks)
        {
            if (decoder.IsComplete)
            {
                break;
            }

            decoder.TryAdd(bytes, name, out _);
        }

        return decoder.GetArchive().Length;
    }
}
