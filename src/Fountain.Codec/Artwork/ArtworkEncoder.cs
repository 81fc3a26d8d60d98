using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;

namespace Fountain.Codec.Artwork;

/// <summary>One block made by the encoder: where it went, its index and its id.</summary>
public sealed record EncodedBlock(uint Index, Hash256 BlockId, long Bytes, string? Path);

/// <summary>What to make: how much redundancy, in what layout, on how many threads.</summary>
public sealed record EncodeOptions
{
    public double Redundancy { get; init; } = 12;
    public LtLayoutPolicy Layout { get; init; } = new();
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
    public CancellationToken Cancellation { get; init; }
}

/// <summary>
/// Encodes an archive into v1 blocks, in parallel, handing each finished block to a sink (a folder, a network
/// upload). Each thread owns one block buffer; the whole redundant set never sits in memory.
/// </summary>
public static class ArtworkEncoder
{
    public delegate string? BlockSink(BlockHeader header, Hash256 blockId, ReadOnlySpan<byte> block);

    /// <summary>Encodes blocks with indices <paramref name="firstIndex"/> onwards, enough for the requested redundancy.</summary>
    public static IReadOnlyList<EncodedBlock> Encode(ReadOnlyMemory<byte> archive, Hash256 artworkId, EncodeOptions options, BlockSink sink, IProgress<int>? blocksDone = null, uint firstIndex = 1)
    {
        if (!(options.Redundancy > 0 && options.Redundancy <= 1000)) throw new ArgumentOutOfRangeException(nameof(options), options.Redundancy, "Redundancy must be in (0, 1000].");
        var parameters = options.Layout.LayoutFor(archive.Length);
        int count = parameters.BlockCountFor(options.Redundancy);
        return EncodeRange(archive, artworkId, parameters, firstIndex, count, options, sink, blocksDone);
    }

    /// <summary>Encodes <paramref name="count"/> blocks of an existing code, from <paramref name="firstIndex"/> on: fresh blocks for healing use new indices.</summary>
    public static IReadOnlyList<EncodedBlock> EncodeRange(ReadOnlyMemory<byte> archive, Hash256 artworkId, LtParameters parameters, uint firstIndex, int count,
        EncodeOptions options, BlockSink sink, IProgress<int>? blocksDone = null)
    {
        if (firstIndex == 0) throw new ArgumentOutOfRangeException(nameof(firstIndex), "Block indices start at 1.");
        var encoder = new LtEncoder(artworkId, archive, parameters);
        var results = new EncodedBlock[count];
        int done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxDegreeOfParallelism), CancellationToken = options.Cancellation };
        Parallel.For(0, count, parallel, encoder.CreateWorker, (i, _, worker) =>
        {
            uint index = firstIndex + (uint)i;
            var (header, id) = worker.Encode(index);
            var path = sink(header, id, worker.Block);
            results[i] = new EncodedBlock(index, id, worker.Block.Length, path);
            blocksDone?.Report(Interlocked.Increment(ref done));
            return worker;
        }, _ => { });
        return results;
    }

    /// <summary>A sink that writes block files into <paramref name="directory"/>.</summary>
    public static BlockSink ToDirectory(string directory)
    {
        Directory.CreateDirectory(directory);
        return (header, id, block) => BlockDirectoryWriter.Write(directory, header.ArtworkId, header.BlockIndex, id, block);
    }
}
