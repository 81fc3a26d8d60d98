namespace Fountain.Node.Retrieval;

/// <summary>Limits of one retrieval (`fountain retrieve`'s options; no configuration key sets them).</summary>
public sealed record RetrievalOptions
{
    /// <summary>Blocks fetched at once.</summary>
    public int MaxParallelFetches { get; init; } = 8;

    /// <summary>How long one holder gets to deliver one block before the next holder is asked.</summary>
    public TimeSpan FetchTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A fetch still running after this long stops counting against the pace, so another block is asked for: a slow
    /// holder costs a hedge, not a stall until <see cref="FetchTimeout"/>.
    /// </summary>
    public TimeSpan HedgeAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Holders tried per block: the placed ones (holders per block) and this many more, in rendezvous order,
    /// in case the list changed since the block was placed.</summary>
    public int ExtraHoldersToTry { get; init; } = 3;

    /// <summary>
    /// A holder is not asked again after serving this many blocks that fail verification. One bad block can be an
    /// honest node's disk rot; several mean a node that lies, and asking it again only wastes fetches.
    /// </summary>
    public int DistrustAfterBadBlocks { get; init; } = 3;

    /// <summary>
    /// After a decode proved that some listed blocks are forged (issue 12, hole 1) and another found the artwork, this
    /// many blocks of each amendment are encoded again to name the custodians that listed forgeries.
    /// </summary>
    public int ForgeryCheckBlocksPerAmendment { get; init; } = 16;

    /// <summary>Seed of the order blocks are fetched in (any order decodes; spreading load across holders is the point).</summary>
    public int? OrderSeed { get; init; }
}
