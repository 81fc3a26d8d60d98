using Fountain.Chain.Model;

namespace Fountain.Node.Healing;

/// <summary>A measurement of one artwork: which of its blocks were found intact somewhere, and what that amounts to.</summary>
public sealed record RedundancyMeasurement(int BlocksKnown, int BlocksAvailable, long PayloadBytesAvailable, double Redundancy);

/// <summary>
/// Redundancy as the seed defines it: "adding up the size of the distinct LT chunks it is able to locate (after
/// verifying that the chunks are valid) and then comparing the aggregate size of these chunks to the original
/// size" (fountain-blocks.txt). Here: payload bytes of distinct available blocks ÷ archive bytes.
/// </summary>
public static class RedundancyMeter
{
    public static RedundancyMeasurement Measure(ArtworkTicket ticket, IReadOnlySet<string> availableBlockIds)
    {
        long payloadPerBlock = (long)ticket.Codec.SymbolsPerBlock * ticket.Codec.SymbolBytes;
        var known = ticket.AllBlocks.Select(b => b.BlockId).Distinct(StringComparer.Ordinal).ToList();
        int available = known.Count(availableBlockIds.Contains);
        long bytes = available * payloadPerBlock;
        return new RedundancyMeasurement(known.Count, available, bytes, bytes / (double)Math.Max(1, ticket.Codec.ArchiveLength));
    }
}
