using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;

namespace Fountain.Actors.Holding;

/// <summary>What <see cref="IBlockStore.Put"/> did.</summary>
public enum PutOutcome
{
    /// <summary>The block is now on disk and in the index.</summary>
    Stored,
    /// <summary>The block was already held; nothing was written (a pending block may have been confirmed).</summary>
    AlreadyHeld,
    /// <summary>Storing it would exceed the capacity; nothing was written.</summary>
    Full,
    /// <summary>Storing this pending block would exceed the pending-bytes limit; nothing was written.</summary>
    PendingFull,
}

/// <summary>
/// The port of a node's block store that <see cref="BlockHolderActor"/> writes through: the node implements it on disk
/// (files and a SQLite index), tests and the lab in memory. Only the holder calls the mutating members, one at a time.
/// </summary>
public interface IBlockStore
{
    PutOutcome Put(Hash256 blockId, BlockHeader header, ReadOnlySpan<byte> block, DateTimeOffset? pendingUntil, long maxPendingBytes);

    /// <summary>A pending block is now listed by its ticket: keep it. False when it was not held.</summary>
    bool Confirm(Hash256 blockId);

    /// <summary>Removes the block; false when it was not held.</summary>
    bool Delete(Hash256 blockId);

    /// <summary>When a pending block's grace ends; null when it is not held or not pending.</summary>
    DateTimeOffset? PendingUntil(Hash256 blockId);

    /// <summary>Moves a block found corrupt out of the store into <paramref name="quarantineFolder"/>; false when it was not held.</summary>
    bool Quarantine(Hash256 blockId, string quarantineFolder);
}
