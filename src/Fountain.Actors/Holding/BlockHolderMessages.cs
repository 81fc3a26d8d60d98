using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;

namespace Fountain.Actors.Holding;

/// <summary>The messages of <see cref="BlockHolderActor"/>: every change to a node's block store. Each is answered to its sender.</summary>
public abstract record BlockHolderCommand;

/// <summary>
/// Write a verified block (its acceptance already decided); answered with <see cref="StoreBlockReply"/>. The capacity and
/// the pending-bytes limit are checked by the store inside the holder's turn, so concurrent uploads cannot overshoot them together.
/// </summary>
public sealed record StoreBlock(Hash256 BlockId, BlockHeader Header, ReadOnlyMemory<byte> Block, DateTimeOffset? PendingUntil, long MaxPendingBytes) : BlockHolderCommand;

/// <summary><see cref="Error"/> is set when the write failed (a disk error); nothing was stored then.</summary>
public sealed record StoreBlockReply(PutOutcome Outcome, string? Error);

/// <summary>A pending block's artwork ticket now lists it: keep it. Answered with <see cref="BlockChanged"/>.</summary>
public sealed record ConfirmBlock(Hash256 BlockId) : BlockHolderCommand;

/// <summary>
/// A pending block's grace ran out with no ticket listing it: delete it, unless it was confirmed meanwhile or its grace
/// now ends after <paramref name="Now"/>. Answered with <see cref="BlockChanged"/>.
/// </summary>
public sealed record DeleteExpiredBlock(Hash256 BlockId, DateTimeOffset Now) : BlockHolderCommand;

/// <summary>Delete a block whatever its state (tests that make a node drop what it acknowledged). Answered with <see cref="BlockChanged"/>.</summary>
public sealed record DeleteBlock(Hash256 BlockId) : BlockHolderCommand;

/// <summary>The scrubber found the block corrupt: move it out of the store. Answered with <see cref="BlockChanged"/>.</summary>
public sealed record QuarantineBlock(Hash256 BlockId, string QuarantineFolder) : BlockHolderCommand;

/// <summary>Whether the command changed the store.</summary>
public sealed record BlockChanged(bool Changed);
