using Fountain.Actors;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;
using Fountain.Node.Storage;

namespace Fountain.Node.Actors;

/// <summary>The messages of <see cref="BlockHolderActor"/>: every change to the block store.</summary>
internal abstract record BlockHolderMessage;

/// <summary>
/// Write a verified block (its acceptance already decided); the reply says what happened. The capacity and the
/// pending-bytes limit are checked here, in the one writer, so concurrent uploads cannot overshoot them together.
/// </summary>
internal sealed record StoreBlock(Hash256 BlockId, BlockHeader Header, ReadOnlyMemory<byte> Block, DateTimeOffset? PendingUntil, long MaxPendingBytes,
    ActorRef<StoreBlockReply> ReplyTo) : BlockHolderMessage;

/// <summary><see cref="Error"/> is set when the write failed (a disk error); nothing was stored then.</summary>
internal sealed record StoreBlockReply(PutOutcome Outcome, string? Error);

/// <summary>A pending block's artwork ticket now lists it: keep it.</summary>
internal sealed record ConfirmBlock(Hash256 BlockId, ActorRef<bool> ReplyTo) : BlockHolderMessage;

/// <summary>A pending block's grace ran out with no ticket listing it: delete it, unless it was confirmed meanwhile.</summary>
internal sealed record DeleteExpiredBlock(Hash256 BlockId, DateTimeOffset Now, ActorRef<bool> ReplyTo) : BlockHolderMessage;

/// <summary>
/// The one writer of a node's <see cref="BlockStore"/> (DESIGN.md, "Actors": BlockHolderActor, one per node).
/// Writes, confirmations and deletions run one at a time in its turns, so the capacity check and the write it
/// guards cannot interleave with another write; reads go to the store directly, from any thread. Its mailbox
/// is bounded: when writes pile up beyond it, an ask fails at once and the API answers 503, rather than queueing
/// without bound. The store belongs to the node host, which
/// opens it before this actor starts and closes it after the actor system stops, so a restart after a failure
/// keeps using the same store.
/// </summary>
internal sealed class BlockHolderActor(BlockStore store) : Actor<BlockHolderMessage>
{
    public static Props<BlockHolderMessage> Props(BlockStore store, int mailboxMessages) =>
        Props<BlockHolderMessage>.Create(() => new BlockHolderActor(store)) with
        {
            Mailbox = new MailboxSettings { CapacityMessages = mailboxMessages },
        };

    protected override void Receive(BlockHolderMessage message)
    {
        switch (message)
        {
            case StoreBlock m:
                StoreBlockReply reply;
                try
                {
                    reply = new StoreBlockReply(store.Put(m.BlockId, m.Header, m.Block.Span, m.PendingUntil, m.MaxPendingBytes), null);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
                {
                    // The store has already removed any partial file; the sender learns why, the actor carries on.
                    Context.Log(ActorLogLevel.Error, $"could not store block {m.BlockId}: {e.Message}", e);
                    reply = new StoreBlockReply(PutOutcome.Full, e.Message);
                }
                m.ReplyTo.Tell(reply);
                break;
            case ConfirmBlock m:
                m.ReplyTo.Tell(store.Confirm(m.BlockId));
                break;
            case DeleteExpiredBlock m:
                bool expired = store.Find(m.BlockId) is { PendingUntil: { } until } && until <= m.Now;
                m.ReplyTo.Tell(expired && store.Delete(m.BlockId));
                break;
        }
    }
}
