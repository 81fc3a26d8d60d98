using Akka.Actor;
using Akka.Event;

namespace Fountain.Actors.Holding;

/// <summary>
/// The one writer of a node's block store (DESIGN.md, "Actors": BlockHolderActor, one per node). Writes,
/// confirmations, deletions and quarantines run one at a time in its turns, so the capacity check and the write it
/// guards cannot interleave with another write; reads go to the store directly, from any thread. The node bounds the
/// writes outstanding to it at its edge (a refused write is answered 503 there) instead of queueing them without
/// bound. The store belongs to the host, which opens it before this actor starts and closes it after the actor
/// system has terminated, so a restart of this actor after a failure keeps using the same store.
/// </summary>
public sealed class BlockHolderActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public BlockHolderActor(IBlockStore store)
    {
        Receive<StoreBlock>(m =>
        {
            StoreBlockReply reply;
            try
            {
                reply = new StoreBlockReply(store.Put(m.BlockId, m.Header, m.Block.Span, m.PendingUntil, m.MaxPendingBytes), null);
            }
            catch (Exception e) when (IsDiskError(e))
            {
                // The store has already removed any partial file; the sender learns why, the holder carries on.
                _log.Error(e, "could not store block {0}: {1}", m.BlockId, e.Message);
                reply = new StoreBlockReply(PutOutcome.Full, e.Message);
            }
            Sender.Tell(reply);
        });
        Receive<ConfirmBlock>(m => Sender.Tell(new BlockChanged(store.Confirm(m.BlockId))));
        Receive<DeleteExpiredBlock>(m =>
        {
            bool expired = store.PendingUntil(m.BlockId) is { } until && until <= m.Now;
            Sender.Tell(new BlockChanged(expired && store.Delete(m.BlockId)));
        });
        Receive<DeleteBlock>(m => Sender.Tell(new BlockChanged(store.Delete(m.BlockId))));
        Receive<QuarantineBlock>(m => Sender.Tell(new BlockChanged(store.Quarantine(m.BlockId, m.QuarantineFolder))));
    }

    public static Props Props(IBlockStore store) => Akka.Actor.Props.Create(() => new BlockHolderActor(store));

    /// <summary>Failures of the disk or the index, which the sender is told of; anything else is a bug and restarts the actor.</summary>
    private static bool IsDiskError(Exception e) => e is IOException or UnauthorizedAccessException || e.GetType().Name == "SqliteException";
}
