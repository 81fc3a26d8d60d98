using Fountain.Chain.Model;

namespace Fountain.Node.Healing;

/// <summary>When to heal and how much (fountain.healing in hocon/reference.conf).</summary>
public sealed record HealingPolicy
{
    /// <summary>Heal when measured redundancy falls below this.</summary>
    public double HealBelow { get; init; } = 10;

    /// <summary>A heal brings redundancy back to this (the redundancy artworks are stored with).</summary>
    public double HealTo { get; init; } = 12;

    /// <summary>Most blocks one heal may add, so one artwork cannot monopolise a custodian.</summary>
    public int MaxBlocksPerHeal { get; init; } = 10_000;
}

/// <summary>Fresh blocks to make: how many, and their indices, which were never used for this artwork.</summary>
public sealed record HealPlan(int BlocksToAdd, uint FirstNewIndex)
{
    public static HealPlan? For(ArtworkTicket ticket, RedundancyMeasurement measured, HealingPolicy policy)
    {
        if (measured.Redundancy >= policy.HealBelow) return null;
        long payloadPerBlock = (long)ticket.Codec.SymbolsPerBlock * ticket.Codec.SymbolBytes;
        double missingBytes = policy.HealTo * ticket.Codec.ArchiveLength - measured.PayloadBytesAvailable;
        int blocks = (int)Math.Min(policy.MaxBlocksPerHeal, Math.Ceiling(missingBytes / payloadPerBlock));
        // New indices start above every index the ticket ever had: a reused index would repeat a block's seed.
        return blocks <= 0 ? null : new HealPlan(blocks, checked(ticket.HighestIndex + 1));
    }
}
