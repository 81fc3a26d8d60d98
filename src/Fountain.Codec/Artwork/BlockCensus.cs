using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;
using Fountain.Codec.Legacy;
using Fountain.Codec.Lt;

namespace Fountain.Codec.Artwork;

/// <summary>A block file as its name describes it: where it is, the artwork, the index and the block hash it claims.</summary>
public readonly record struct NamedBlockFile(string Path, Hash256 Artwork, uint Index, Hash256 BlockHash);

/// <summary>
/// Decides, before any block is used, which format, artwork and code a folder's blocks are decoded as: the ones
/// most of its blocks agree on. Only names, lengths and headers are read (no hashing), so a census costs one
/// small read per file.
///
/// Whatever block came first used to decide: the lowest index chose the format (a junk file named as block 0
/// made every genuine block "not pastel-v0"), and the first block used fixed the code (one self-consistent
/// block of another code, sorting first, made every genuine block "inconsistent"). A forger can still name a
/// file by its own hash, so a header can only be trusted as far as the other blocks agree with it. What a vote
/// covers: the format; the artwork id (the header's, which must match the name's); the code (L, K, T, M, c, δ
/// for v1, L and T for pastel-v0); and whether a v1 block's seed follows the encoder's rule for its index
/// (<see cref="LtEncoder.BlockSeedFor"/>), which a forgery that copies another block's seed breaks. The
/// largest group wins; the rest are skipped with a reason. Within the winner, files that claim the same index
/// as another file are tried last: their headers are alike, so nothing yet tells the genuine one from a forgery.
/// </summary>
internal static class BlockCensus
{
    public sealed record Result(
        string? Format,
        Hash256 Artwork,
        LtParameters? V1Parameters,
        IReadOnlyList<NamedBlockFile> Chosen,
        IReadOnlyList<SkippedBlockFile> Skipped);

    private sealed record Claim(NamedBlockFile File, string Format, Hash256 Artwork, object Code, bool FollowsSeedRule)
    {
        public (string, Hash256, object, bool) Key => (Format, Artwork, Code, FollowsSeedRule);
    }

    /// <param name="wanted">The artwork asked for, or null: then the artwork more than half of the valid blocks claim.</param>
    public static Result Take(IReadOnlyList<NamedBlockFile> files, Hash256? wanted, BlockLimits limits, PastelV0Limits pastelLimits)
    {
        var skipped = new List<SkippedBlockFile>();
        var claims = new List<Claim>();
        foreach (var file in files)
        {
            var claim = Read(file, limits, pastelLimits, out var reason);
            if (claim is not null) claims.Add(claim);
            else skipped.Add(new SkippedBlockFile(System.IO.Path.GetFileName(file.Path), BlockOutcome.Rejected, reason!));
        }

        var artwork = wanted ?? ChooseArtwork(files, claims);
        foreach (var claim in claims.Where(c => c.Artwork != artwork))
            skipped.Add(new SkippedBlockFile(NameOf(claim), BlockOutcome.Foreign, $"it belongs to artwork {claim.Artwork}"));

        var groups = claims.Where(c => c.Artwork == artwork).GroupBy(c => c.Key)
            .OrderByDescending(g => g.Count())
            .ThenByDescending(g => g.Key.Item4)                       // a tie goes to blocks that follow the seed rule,
            .ThenBy(g => g.Key.Item1 == "v1" ? 0 : 1)                 // then to the current format,
            .ThenBy(g => g.Min(c => c.File.Path), StringComparer.Ordinal) // then deterministically.
            .ToList();
        if (groups.Count == 0) return new Result(null, artwork, null, [], skipped);

        var winner = groups[0];
        int agreeing = winner.Count(), total = groups.Sum(g => g.Count());
        foreach (var claim in groups.Skip(1).SelectMany(g => g))
            skipped.Add(new SkippedBlockFile(NameOf(claim), BlockOutcome.Rejected,
                $"{Describe(claim)}, not the majority's {Describe(winner.First())} ({agreeing} of {total} blocks)"));

        // Files that share an index with another go last, in name order like the rest.
        var contested = winner.GroupBy(c => c.File.Index).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        var chosen = winner.Select(c => c.File)
            .OrderBy(f => contested.Contains(f.Index)).ThenBy(f => f.Index).ThenBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        return new Result(winner.Key.Item1, artwork, winner.Key.Item3 as LtParameters, chosen, skipped);
    }

    /// <summary>
    /// The artwork more than half of the valid blocks claim. Without one (two artworks in equal shares, say), the
    /// caller must choose: a folder may legitimately hold several artworks, and guessing would decode the wrong one.
    /// </summary>
    private static Hash256 ChooseArtwork(IReadOnlyList<NamedBlockFile> files, List<Claim> claims)
    {
        var byArtwork = claims.Count > 0
            ? claims.GroupBy(c => c.Artwork).Select(g => (g.Key, Count: g.Count())).ToList()
            : files.GroupBy(f => f.Artwork).Select(g => (g.Key, Count: g.Count())).ToList(); // nothing valid: names alone
        int all = byArtwork.Sum(a => a.Count);
        var top = byArtwork.OrderByDescending(a => a.Count).First();
        if (byArtwork.Count == 1 || top.Count * 2 > all) return top.Key;
        throw new InvalidDataException("The folder holds blocks of several artworks and none has a majority; choose one: "
            + string.Join(", ", byArtwork.OrderByDescending(a => a.Count).Select(a => $"{a.Key} ({a.Count} blocks)")));
    }

    private static Claim? Read(NamedBlockFile file, BlockLimits limits, PastelV0Limits pastelLimits, out string? reason)
    {
        reason = null;
        Span<byte> prefix = stackalloc byte[BlockHeader.Size];
        long length;
        int read;
        try
        {
            using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            length = stream.Length;
            read = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        }
        catch (IOException e)
        {
            reason = $"it could not be read: {e.Message}";
            return null;
        }
        prefix = prefix[..read];

        if (BlockHeader.HasMagic(prefix))
        {
            if (!BlockHeader.TryParse(prefix, limits, out var header, out reason)) return null;
            if (length != header!.BlockBytes) { reason = $"the file has {length} bytes but its header describes {header.BlockBytes}"; return null; }
            if (header.ArtworkId != file.Artwork) { reason = $"its header names artwork {header.ArtworkId}, its file name {file.Artwork}"; return null; }
            if (header.BlockIndex != file.Index) { reason = $"its header says block {header.BlockIndex}, its file name {file.Index}"; return null; }
            return new Claim(file, "v1", file.Artwork, header.Parameters, header.BlockSeed == LtEncoder.BlockSeedFor(file.Artwork, file.Index));
        }

        if (!PastelV0Block.TryParseHeader(prefix, out var legacy, out reason)) return null;
        if (length != legacy.BlockBytes) { reason = $"the file has {length} bytes but its pastel-v0 header describes {legacy.BlockBytes}"; return null; }
        if (legacy.ArchiveLength > pastelLimits.MaxArchiveBytes || legacy.PayloadBytes > pastelLimits.MaxPayloadBytes || legacy.SourceSymbols > pastelLimits.MaxSourceSymbols)
        {
            reason = $"its pastel-v0 header ({legacy.ArchiveLength} bytes in {legacy.PayloadBytes}-byte symbols) is past the limits";
            return null;
        }
        // pastel-v0 seeds form a chain that a single header cannot be checked against.
        return new Claim(file, "pastel-v0", file.Artwork, (legacy.ArchiveLength, legacy.PayloadBytes), FollowsSeedRule: true);
    }

    private static string Describe(Claim claim) => claim.Code switch
    {
        LtParameters p => $"{claim.Format} code L = {p.ArchiveLength}, K = {p.SourceSymbols}, T = {p.SymbolBytes}, M = {p.SymbolsPerBlock}, c = {p.C}, δ = {p.Delta}"
            + (claim.FollowsSeedRule ? "" : " with a seed that is not its index's"),
        _ => $"{claim.Format} code {claim.Code}",
    };

    private static string NameOf(Claim claim) => System.IO.Path.GetFileName(claim.File.Path);
}
