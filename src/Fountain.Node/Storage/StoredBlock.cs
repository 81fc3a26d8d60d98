using Fountain.Codec.Hashing;

namespace Fountain.Node.Storage;

/// <summary>
/// One row of the block index: a block this node holds, the artwork it belongs to, its index, its size, when it
/// was stored, and, while its artwork is not yet confirmed on the chain, the time after which it is deleted.
/// </summary>
public sealed record StoredBlock(Hash256 BlockId, Hash256 ArtworkId, uint Index, long Bytes, DateTimeOffset StoredAt, DateTimeOffset? PendingUntil)
{
    /// <summary>True while the block waits for its artwork's ticket (see <see cref="Acceptance.AcceptanceRule"/>).</summary>
    public bool IsPending => PendingUntil is not null;
}

/// <summary>What a node offers and uses, in bytes: the figures it reports to the chain each height.</summary>
public sealed record StorageFigures(long TotalBytes, long UsedBytes, long FreeBytes, long BlockCount);
