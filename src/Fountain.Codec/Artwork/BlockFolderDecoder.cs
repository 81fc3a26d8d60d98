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
/// Decodes the blocks found in a folder. Files are grouped by the artwork their names carry; when a folder holds
/// blocks of several artworks the caller must say which one. Each file's size is checked before it is read, so
/// a huge stray file is skipped rather than loaded.
/// </summary>
public static class BlockFolderDecoder
{
    public static FolderDecodeResult Decode(string folder, Hash256? artworkId = null, BlockLimits? limits = null, IProgress<(int Read, int Total)>? progress = null)
    {
        limits ??= BlockLimits.Default;
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"The folder '{folder}' does not exist.");
        var skipped = new List<SkippedBlockFile>();
        var named = new List<(string Path, Hash256 Artwork, uint Index, Hash256 BlockHash)>();
        foreach (var path in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            if (BlockFileName.TryParse(path, out var artwork, out var index, out var hash)) named.Add((path, artwork, index, hash));
            else skipped.Add(new SkippedBlockFile(Path.GetFileName(path), BlockOutcome.Foreign, "its name is not a block file name"));
        }

        var artworks = named.GroupBy(n => n.Artwork).ToList();
        if (artworks.Count == 0) throw new InvalidDataException($"No block files in '{folder}'.");
        var chosen = artworkId ?? (artworks.Count == 1 ? artworks[0].Key
            : throw new InvalidDataException("The folder holds blocks of several artworks; choose one: "
                + string.Join(", ", artworks.Select(g => $"{g.Key} ({g.Count()} blocks)"))));
        foreach (var other in artworks.Where(g => g.Key != chosen).SelectMany(g => g))
            skipped.Add(new SkippedBlockFile(Path.GetFileName(other.Path), BlockOutcome.Foreign, $"it belongs to artwork {other.Artwork}"));

        var files = named.Where(n => n.Artwork == chosen).OrderBy(n => n.Index).ToList();
        IArtworkBlockDecoder? decoder = null;
        long maxFileBytes = (long)limits.MaxBlockBytes + BlockHeader.Size;
        int read = 0;
        foreach (var file in files)
        {
            progress?.Report((++read, files.Count));
            var length = new FileInfo(file.Path).Length;
            BlockVerdict verdict;
            if (length > maxFileBytes) verdict = new(BlockOutcome.Rejected, $"the file has {length} bytes, more than a block may ({maxFileBytes})");
            else
            {
                var bytes = File.ReadAllBytes(file.Path);
                decoder ??= DecoderFor(bytes, chosen, limits);
                verdict = decoder.Offer(bytes, Path.GetFileName(file.Path), file.BlockHash);
            }
            if (!verdict.Used) skipped.Add(new SkippedBlockFile(Path.GetFileName(file.Path), verdict.Outcome, verdict.Reason ?? verdict.Outcome.ToString()));
            if (decoder?.IsComplete == true) break;
        }
        return decoder is null
            ? new FolderDecodeResult(chosen, "unknown", false, default, 0, 0, 1, skipped)
            : new FolderDecodeResult(chosen, decoder.FormatName, decoder.IsComplete, decoder.IsComplete ? decoder.Archive : default,
                decoder.BlocksUsed, decoder.BytesUsed, decoder.MinimumMoreBlocks, skipped);
    }

    /// <summary>v1 blocks start with a magic number; pastel-v0 has none, so anything else is taken for pastel-v0.</summary>
    private static IArtworkBlockDecoder DecoderFor(ReadOnlySpan<byte> firstBlock, Hash256 artworkId, BlockLimits limits) =>
        BlockHeader.HasMagic(firstBlock) ? new ArtworkDecoder(artworkId, limits) : new PastelV0ArtworkDecoder(artworkId);
}
