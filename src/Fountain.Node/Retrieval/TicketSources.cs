using Fountain.Chain.Model;
using Fountain.Codec.Artwork;
using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;

namespace Fountain.Node.Retrieval;

/// <summary>A part of a ticket's blocks to decode from, and what it leaves out.</summary>
public sealed record BlockSubset(string Description, IReadOnlyList<TicketBlock> Blocks);

/// <summary>
/// Where a ticket's blocks came from: the owner's registration, and each heal's amendment (issue 12, hole 1). A
/// holder cannot forge a listed block (its id is the ticket's), so when blocks that each match their id decode to a
/// wrong archive, the forgery came in with the ticket itself: with one amendment, whose custodian listed blocks it did
/// not encode from the archive. Decoding again without one source at a time finds the archive while only one source
/// lies; the owner's blocks alone find it while enough of them are still held. Once the archive is known, every listed
/// block can be checked by encoding it again (<see cref="ReencodingCheck"/>), which names the sources that lied.
/// </summary>
public static class TicketSources
{
    /// <summary>The subsets to try after a full decode proved inconsistent: each amendment left out (newest first), then the registration alone.</summary>
    public static IEnumerable<BlockSubset> AfterInconsistentDecode(ArtworkTicket ticket)
    {
        for (int k = ticket.Amendments.Count - 1; k >= 0; k--)
        {
            var left = ticket.Amendments[k];
            var without = left.AddedBlocks.Select(b => b.BlockId).ToHashSet(StringComparer.Ordinal);
            yield return new BlockSubset($"without amendment {k + 1} (height {left.AtHeight}, primary {left.PrimaryId})",
                ticket.AllBlocks.Where(b => !without.Contains(b.BlockId)).ToList());
        }
        if (ticket.Amendments.Count > 1) yield return new BlockSubset("the owner's registered blocks only", ticket.Blocks.ToList());
    }

    /// <summary>The ticket's code as the v1 codec describes it.</summary>
    public static LtParameters ParametersOf(ArtworkTicket ticket)
    {
        var c = ticket.Codec;
        return new LtParameters(c.ArchiveLength, c.SourceSymbols, c.SymbolBytes, c.SymbolsPerBlock, c.C, c.Delta);
    }

    /// <summary>
    /// The amendments that list a block the verified archive does not encode to, checking up to
    /// <paramref name="checkPerAmendment"/> blocks of each (a forger that keeps most blocks honest is still left out by
    /// the retry that found the archive; this only names it).
    /// </summary>
    public static IReadOnlyList<(TicketAmendment Amendment, TicketBlock Block)> InconsistentAmendments(ArtworkTicket ticket, ReadOnlyMemory<byte> archive, int checkPerAmendment)
    {
        var check = new ReencodingCheck(Hash256.Parse(ticket.ArtworkId), archive, ParametersOf(ticket));
        var found = new List<(TicketAmendment, TicketBlock)>();
        foreach (var amendment in ticket.Amendments)
            foreach (var block in amendment.AddedBlocks.Take(checkPerAmendment))
                if (!Hash256.TryParse(block.BlockId, out var id) || !check.Matches(block.Index, id))
                {
                    found.Add((amendment, block));
                    break;
                }
        return found;
    }
}
