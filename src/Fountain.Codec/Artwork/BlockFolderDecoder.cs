using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;
using Fountain.Codec.Legacy;

namespace Fountain.Codec.Artwork;

/// <summary>A file that was not used, and why.</summary>
public sealed record SkippedBlockFile(string File, BlockOutcome Outcome, string Reason);

/// <summary>The outcome of decoding a folder of blocks.</summary>
public sealed record FolderDecodeResult(
    Hash256 ArtworkId,
    string Format,
    bool Complete,
    ReadOnlyMemory<byte> Archive,
    int BlocksUsed,
    long BytesUsed,
    int MinimumMoreBlocks,
    IReadOnlyList<SkippedBlockFile> Skipped);

/// <summary>
/// Decodes the blocks found in a folder. The format, artwork and code are those most of its blocks agree on
/// (<see cref="BlockCensus"/>), so a few crafted files cannot stop a decode that enough genuine blocks allow;
/// when a folder holds blocks of several artworks and none has a majority, the caller must say which one. Each
/// file's size is checked before it is read, so a huge stray file is skipped rather than loaded.
/// </summary>
public static class BlockFolderDecoder
{
    public static FolderDecodeResult Decode(string folder, Hash256? artworkId = null, BlockLimits? limits = null, IProgress<(int Read, int Total)>? progress = null)
    {
        limits ??= BlockLimits.Default;
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"The folder '{folder}' does not exist.");
        var skipped = new List<SkippedBlockFile>();
        var named = new List<NamedBlockFile>();
        foreach (var path in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            if (BlockFileName.TryParse(path, out var artwork, out var index, out var hash)) named.Add(new(path, artwork, index, hash));
            else skipped.Add(new SkippedBlockFile(Path.GetFileName(path), BlockOutcome.Foreign, "its name is not a block file name"));
        }
        if (named.Count == 0) throw new InvalidDataException($"No block files in '{folder}'.");

        var census = BlockCensus.Take(named, artworkId, limits, PastelV0Limits.Default);
        skipped.AddRange(census.Skipped);
        var chosen = census.Artwork;
        var files = census.Chosen;
        long maxFileBytes = (long)limits.MaxBlockBytes + BlockHeader.Size;
        int filesRead = 0;
        LoadedBlock Load(NamedBlockFile file)
        {
            progress?.Report((Interlocked.Increment(ref filesRead), files.Count));
            var length = new FileInfo(file.Path).Length;
            if (length > maxFileBytes)
                return new LoadedBlock(default, file.BlockHash, $"the file has {length} bytes, more than a block may ({maxFileBytes})");
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent((int)length);
            try
            {
                using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
                int read = stream.ReadAtLeast(buffer.AsSpan(0, (int)length), (int)length, throwOnEndOfStream: false);
                return new LoadedBlock(buffer.AsMemory(0, read), file.BlockHash, RentedBuffer: buffer);
            }
            catch (IOException e)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                return new LoadedBlock(default, file.BlockHash, $"it could not be read: {e.Message}");
            }
        }

        // v1 blocks are verified on a second core while this one decodes; pastel-v0 blocks are checked and decoded
        // one after another. The v1 decoder is given the majority's code, so no block can impose another.
        IArtworkBlockDecoder decoder = census.Format == "pastel-v0"
            ? new PastelV0ArtworkDecoder(chosen)
            : new ArtworkDecoder(chosen, limits, census.V1Parameters);
        IReadOnlyList<(NamedBlockFile File, BlockVerdict Verdict)> verdicts;
        if (decoder is ArtworkDecoder v1) verdicts = PipelinedDecode.Run(v1, files, Load);
        else
        {
            var sequential = new List<(NamedBlockFile, BlockVerdict)>();
            foreach (var file in files)
            {
                var loaded = Load(file);
                sequential.Add((file, loaded.LoadError is { } error ? new(BlockOutcome.Rejected, error) : decoder.Offer(loaded.Bytes.Span, Path.GetFileName(file.Path), loaded.Id)));
                if (loaded.RentedBuffer is not null) System.Buffers.ArrayPool<byte>.Shared.Return(loaded.RentedBuffer);
                if (decoder.IsComplete) break;
            }
            verdicts = sequential;
        }
        foreach (var (file, verdict) in verdicts)
            if (!verdict.Used) skipped.Add(new SkippedBlockFile(Path.GetFileName(file.Path), verdict.Outcome, verdict.Reason ?? verdict.Outcome.ToString()));
        return new FolderDecodeResult(chosen, decoder.FormatName, decoder.IsComplete, decoder.IsComplete ? decoder.Archive : default,
            decoder.BlocksUsed, decoder.BytesUsed, decoder.MinimumMoreBlocks, skipped);
    }
}
