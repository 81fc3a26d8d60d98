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
///
/// Unless the caller names the artwork, it is the only one whose largest group holds enough blocks to possibly
/// decode (at least ⌈K/M⌉; a pastel-v0 block holds one symbol). A few stray or planted blocks of another artwork
/// then cannot stop a decode, while a folder that really holds two decodable artworks still asks which one.
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

        var groups = GroupsOf(claims, artwork);
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

    /// <summary>An artwork's blocks grouped by what they claim, the winner first.</summary>
    private static List<IGrouping<(string, Hash256, object, bool), Claim>> GroupsOf(List<Claim> claims, Hash256 artwork) =>
        claims.Where(c => c.Artwork == artwork).GroupBy(c => c.Key)
            .OrderByDescending(g => g.Count())
            .ThenByDescending(g => g.Key.Item4)                           // a tie goes to blocks that follow the seed rule,
            .ThenBy(g => g.Key.Item1 == "v1" ? 0 : 1)                     // then to the current format,
            .ThenBy(g => g.Min(c => c.File.Path), StringComparer.Ordinal) // then deterministically.
            .ToList();

    /// <summary>
    /// The one artwork that has enough agreeing blocks to possibly decode; when none has, the one with the most
    /// blocks (so that the caller learns how many more it needs). When several could, the caller must choose: a
    /// folder may legitimately hold several artworks, and guessing could decode the wrong one.
    /// </summary>
    private static Hash256 ChooseArtwork(IReadOnlyList<NamedBlockFile> files, List<Claim> claims)
    {
        if (claims.Count == 0) // nothing valid: go by the names alone, to report on the likeliest artwork
            return files.GroupBy(f => f.Artwork).OrderByDescending(g => g.Count()).ThenBy(g => g.Key.ToString(), StringComparer.Ordinal).First().Key;
        var artworks = claims.Select(c => c.Artwork).Distinct().Select(a =>
        {
            var winner = GroupsOf(claims, a)[0];
            return (Artwork: a, Blocks: winner.Count(), Needed: MinimumBlocks(winner.First()));
        }).OrderByDescending(a => a.Blocks).ThenBy(a => a.Artwork.ToString(), StringComparer.Ordinal).ToList();
        var decodable = artworks.Where(a => a.Blocks >= a.Needed).ToList();
        if (decodable.Count == 1) return decodable[0].Artwork;
        if (decodable.Count == 0) return artworks[0].Artwork;
        throw new InvalidDataException("The folder holds enough blocks to decode several artworks; choose one: "
            + string.Join(", ", decodable.Select(a => $"{a.Artwork} ({a.Blocks} blocks)")));
    }

    /// <summary>The fewest blocks that could hold a claim's code: each carries M symbols (one for pastel-v0) of the K needed.</summary>
    private static long MinimumBlocks(Claim claim) => claim.Code switch
    {
        LtParameters p => (p.SourceSymbols + (long)p.SymbolsPerBlock - 1) / p.SymbolsPerBlock,
        (uint length, uint payload) => payload == 0 ? 1 : Math.Max(1, (length + (long)payload - 1) / payload),
        _ => 1,
    };

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
