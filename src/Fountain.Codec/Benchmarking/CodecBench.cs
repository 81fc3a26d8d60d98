using System.Diagnostics;
using System.Text.Json.Serialization;
using Fountain.Codec.Artwork;
using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;

namespace Fountain.Codec.Benchmarking;

public sealed record CodecBenchOptions(long SizeBytes, int Trials, int Seed, EncodeOptions Encode);

/// <summary>
/// Figures of one `fountain bench codec` run. Throughputs are archive megabytes (10^6 bytes) per second.
/// The hash bounds compare the codec with SHA3-256 on this machine, measured in the same run: the time one core
/// needs to hash the bytes that must be hashed once (every block made, for encode; the blocks used plus the
/// archive, for decode), divided by the measured time. Encode runs on <see cref="EncodeThreads"/> threads;
/// decode on two, as <see cref="PipelinedDecode"/> does (one verifies blocks, one peels).
/// </summary>
public sealed record CodecBenchResult(
    [property: JsonPropertyName("size_bytes")] long SizeBytes,
    [property: JsonPropertyName("trials")] int Trials,
    [property: JsonPropertyName("encode_threads")] int EncodeThreads,
    [property: JsonPropertyName("blocks")] int Blocks,
    [property: JsonPropertyName("block_payload_bytes")] int BlockPayloadBytes,
    [property: JsonPropertyName("symbol_bytes")] int SymbolBytes,
    [property: JsonPropertyName("source_symbols")] int SourceSymbols,
    [property: JsonPropertyName("encode_mb_s")] double EncodeMBps,
    [property: JsonPropertyName("decode_mb_s")] double DecodeMBps,
    [property: JsonPropertyName("sha3_mb_s")] double Sha3MBps,
    [property: JsonPropertyName("xor_gb_s")] double XorGBps,
    [property: JsonPropertyName("overhead_mean")] double OverheadMean,
    [property: JsonPropertyName("overhead_max")] double OverheadMax,
    [property: JsonPropertyName("encode_vs_hash_bound")] double EncodeVsHashBound,
    [property: JsonPropertyName("decode_vs_hash_bound")] double DecodeVsHashBound,
    [property: JsonPropertyName("decode_allocated_bytes_max")] long DecodeAllocatedBytesMax,
    [property: JsonPropertyName("decode_allocated_vs_archive")] double DecodeAllocatedVsArchive);

/// <summary>Measures the real encode and decode paths against this machine's SHA3 and XOR rates.</summary>
public static class CodecBench
{
    public static CodecBenchResult Run(CodecBenchOptions options, IProgress<string>? status = null)
    {
        if (options.SizeBytes is < 1 or > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(options), "The bench size must be from 1 byte to 2 GiB.");
        if (options.Trials < 1) throw new ArgumentOutOfRangeException(nameof(options), "At least one trial.");
        var random = new Random(options.Seed);
        var archive = new byte[options.SizeBytes];
        random.NextBytes(archive);

        status?.Report("measuring SHA3-256 and XOR");
        double sha3BytesPerSecond = MeasureSha3(archive);
        double xorBytesPerSecond = MeasureXor();

        status?.Report("encoding");
        var artworkId = Sha3.Hash(archive);
        var blocks = new List<(byte[] Bytes, Hash256 Id)>();
        ArtworkEncoder.BlockSink keep = (_, id, block) => { lock (blocks) blocks.Add((block.ToArray(), id)); return null; };
        ArtworkEncoder.BlockSink discard = (_, _, _) => null;
        // The first run warms up (JIT, first-touch page faults) and keeps the blocks for the decode trials; the
        // second, which copies nothing, is the one timed.
        ArtworkEncoder.Encode(archive, artworkId, options.Encode, keep);
        var clock = Stopwatch.StartNew();
        var made = ArtworkEncoder.Encode(archive, artworkId, options.Encode, discard);
        double encodeSeconds = clock.Elapsed.TotalSeconds;
        long blockBytes = made.Sum(b => b.Bytes);
        var parameters = options.Encode.Layout.LayoutFor(archive.Length);

        var overheads = new List<double>();
        double decodeSeconds = 0, hashedBytes = 0;
        long allocatedMax = 0;
        for (int trial = 0; trial < options.Trials; trial++)
        {
            status?.Report($"decoding, trial {trial + 1} of {options.Trials}");
            var order = blocks.OrderBy(_ => random.Next()).ToList();
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            clock.Restart();
            var decoder = new ArtworkDecoder(artworkId);
            PipelinedDecode.Run(decoder, order, block => new LoadedBlock(block.Bytes, block.Id));
            decodeSeconds += clock.Elapsed.TotalSeconds;
            allocatedMax = Math.Max(allocatedMax, GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
            if (!decoder.IsComplete || !decoder.Archive.Span.SequenceEqual(archive))
                throw new InvalidOperationException($"Trial {trial + 1} did not decode the archive bit-exact: the codec is broken.");
            overheads.Add(decoder.BytesUsed / (double)archive.Length);
            hashedBytes += decoder.BytesUsed + archive.Length;
        }

        double meanDecodeSeconds = decodeSeconds / options.Trials;
        return new CodecBenchResult(
            options.SizeBytes, options.Trials, Math.Max(1, options.Encode.MaxDegreeOfParallelism), made.Count, parameters.BlockPayloadBytes, parameters.SymbolBytes, parameters.SourceSymbols,
            EncodeMBps: archive.Length / 1e6 / encodeSeconds,
            DecodeMBps: archive.Length / 1e6 / meanDecodeSeconds,
            Sha3MBps: sha3BytesPerSecond / 1e6,
            XorGBps: xorBytesPerSecond / 1e9,
            OverheadMean: overheads.Average(),
            OverheadMax: overheads.Max(),
            EncodeVsHashBound: blockBytes / sha3BytesPerSecond / encodeSeconds,
            DecodeVsHashBound: hashedBytes / options.Trials / sha3BytesPerSecond / meanDecodeSeconds,
            DecodeAllocatedBytesMax: allocatedMax,
            DecodeAllocatedVsArchive: allocatedMax / (double)archive.Length);
    }

    /// <summary>Single-core SHA3-256 rate over at least 64 MiB, best of three passes.</summary>
    private static double MeasureSha3(byte[] sample)
    {
        var data = sample.Length >= 64 << 20 ? sample : new byte[64 << 20];
        double best = double.MaxValue;
        for (int pass = 0; pass < 3; pass++)
        {
            var clock = Stopwatch.StartNew();
            Sha3.Hash(data);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return data.Length / best;
    }

    /// <summary>Single-core XOR rate on cache-resident 64 KiB buffers: the kernel's own speed, best of three.</summary>
    private static double MeasureXor()
    {
        var a = new byte[64 * 1024];
        var b = new byte[64 * 1024];
        new Random(1).NextBytes(b);
        double best = double.MaxValue;
        const int rounds = 20_000;
        for (int pass = 0; pass < 3; pass++)
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < rounds; i++) Xor.Into(a, b);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return (double)rounds * a.Length / best;
    }
}
