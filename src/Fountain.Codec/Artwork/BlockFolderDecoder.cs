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
        uint unnamed = 0;
        foreach (var path in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            if (BlockFileName.TryParse(path, out var artwork, out var index, out var hash)) named.Add(new(path, artwork, index, hash));
            else if (IsPastelV0ByContent(path, out var why)) named.Add(new(path, UnnamedArtwork, ++unnamed, default));
            else skipped.Add(new SkippedBlockFile(Path.GetFileName(path), BlockOutcome.Foreign, $"its name is not a block file name, and {why}"));
        }
        if (named.Count == 0) throw new InvalidDataException($"No block files in '{folder}': no file has a block file name or a pastel-v0 block's content.");

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
            ? new PastelV0ArtworkDecoder(chosen == UnnamedArtwork ? null : chosen)
            : new ArtworkDecoder(chosen, limits, census.V1Parameters);
        IReadOnlyList<(NamedBlockFile File, BlockVerdict Verdict)> verdicts;
        if (decoder is ArtworkDecoder v1)
        {
            try { verdicts = PipelinedDecode.Run(v1, files, Load); }
            catch (InconsistentBlocksException first)
            {
                (decoder, verdicts) = DecodeWithoutForgeries(v1, census.V1Parameters, files, Load, first, skipped, limits);
            }
        }
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
        // Blocks found by content name no artwork: the archive they decode to names itself.
        if (chosen == UnnamedArtwork && decoder.IsComplete) chosen = Sha3.Hash(decoder.Archive.Span);
        return new FolderDecodeResult(chosen, decoder.FormatName, decoder.IsComplete, decoder.IsComplete ? decoder.Archive : default,
            decoder.BlocksUsed, decoder.BytesUsed, decoder.MinimumMoreBlocks, skipped);
    }

    /// <summary>
    /// The artwork of pastel-v0 blocks found by their content under other names (the reference program's blocks renamed,
    /// or written by another tool): the format's header carries no archive hash, so they are grouped under this
    /// placeholder, decoded with each payload checked against its header's hash, and named by their archive's hash.
    /// </summary>
    private static readonly Hash256 UnnamedArtwork = default;

    /// <summary>
    /// Whether a file is a pastel-v0 block by its content: a plausible header whose announced length is the file's. The
    /// format has no magic number; the exact length is what keeps most other files out. A v1 block is not taken by
    /// content: its only check is the block id its name carries.
    /// </summary>
    private static bool IsPastelV0ByContent(string path, out string why)
    {
        Span<byte> prefix = stackalloc byte[BlockHeader.Size];
        long length;
        int read;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            length = stream.Length;
            read = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        }
        catch (IOException e)
        {
            why = $"it could not be read: {e.Message}";
            return false;
        }
        prefix = prefix[..read];
        if (BlockHeader.HasMagic(prefix))
        {
            why = "it is a v1 block, which is only used under its block file name (the name carries the id it is checked against)";
            return false;
        }
        if (!PastelV0Block.TryParseHeader(prefix, out var header, out var reason))
        {
            why = $"its content is not a block ({reason})";
            return false;
        }
        if (header.BlockBytes != length)
        {
            why = $"its content is not a block (as a pastel-v0 header it announces {header.BlockBytes} bytes; the file has {length})";
            return false;
        }
        why = "";
        return true;
    }

    /// <summary>Files in each leave-out group when a folder's blocks proved inconsistent.</summary>
    private const int LeaveOutGroups = 8;

    /// <summary>
    /// A block file names its own hash, so a crafted file can carry symbols that are not the archive's and still match
    /// its name; the blocks then decode to an archive that misses the artwork id (issue 12, hole 1). Only after that
    /// happened: decode again leaving out one of <see cref="LeaveOutGroups"/> groups of the files at a time, which finds
    /// the archive while the crafted files fall in one group and the others suffice; then encode the left-out files'
    /// blocks again and list those that do not match as forged.
    /// </summary>
    private static (ArtworkDecoder Decoder, IReadOnlyList<(NamedBlockFile File, BlockVerdict Verdict)> Verdicts) DecodeWithoutForgeries(
        ArtworkDecoder first, Lt.LtParameters? parameters, IReadOnlyList<NamedBlockFile> files, Func<NamedBlockFile, LoadedBlock> load,
        InconsistentBlocksException inconsistent, List<SkippedBlockFile> skipped, BlockLimits limits)
    {
        for (int group = 0; group < LeaveOutGroups; group++)
        {
            var retry = new ArtworkDecoder(first.ArtworkId, limits, parameters ?? first.Parameters);
            IReadOnlyList<(NamedBlockFile File, BlockVerdict Verdict)> verdicts;
            try { verdicts = PipelinedDecode.Run(retry, files.Where((_, i) => i % LeaveOutGroups != group), load); }
            catch (InconsistentBlocksException) { continue; }
            if (!retry.IsComplete) continue;
            var check = new ReencodingCheck(retry.ArtworkId!.Value, retry.Archive, retry.Parameters!);
            foreach (var file in files.Where((_, i) => i % LeaveOutGroups == group))
                if (!check.Matches(file.Index, file.BlockHash))
                    skipped.Add(new SkippedBlockFile(Path.GetFileName(file.Path), BlockOutcome.Rejected,
                        "forged: the archive the other blocks decode to does not encode to this block at its index"));
            return (retry, verdicts);
        }
        throw new InconsistentBlocksException(inconsistent.ArtworkId, inconsistent.BlocksUsed,
            $"No decode that left out one of {LeaveOutGroups} groups of the folder's files gave the artwork either.");
    }
}
