using Akka.Actor;

namespace Fountain.Node.Storage;

/// <summary>The block holder already has its limit of commands outstanding; the API answers 503.</summary>
internal sealed class BlockHolderBusyException(int limit)
    : InvalidOperationException($"{limit} writes are already waiting for the block store");

/// <summary>
/// The node's one way to the <see cref="BlockHolderActor"/>: an ask with a timeout, admitted only while fewer than
/// <c>block-holder-mailbox-messages</c> commands are outstanding (sent and not yet answered or timed out). Beyond that
/// a command is refused at once (<see cref="BlockHolderBusyException"/>, 503 at the API) instead of queueing in the
/// actor's mailbox without bound: the admission limit sits at the edge, before work is queued.
/// </summary>
internal sealed class BlockHolderGate(IActorRef holder, int maxOutstanding, TimeSpan timeout)
{
    private int _outstanding;

    /// <summary>Commands sent and not yet answered; for tests and status.</summary>
    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>Asks the holder; throws <see cref="AskTimeoutException"/> after the write timeout, <see cref="BlockHolderBusyException"/> when full.</summary>
    public async Task<TReply> AskAsync<TReply>(BlockHolderCommand command, CancellationToken cancellation = default)
    {
        if (Interlocked.Increment(ref _outstanding) > maxOutstanding)
        {
            Interlocked.Decrement(ref _outstanding);
            throw new BlockHolderBusyException(maxOutstanding);
        }
        try
        {
            return await holder.Ask<TReply>(command, timeout, cancellation).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _outstanding);
        }
    }

    /// <summary>Whether the command changed the store (confirm, delete, quarantine).</summary>
    public async Task<bool> ChangeAsync(BlockHolderCommand command, CancellationToken cancellation = default) =>
        (await AskAsync<BlockChanged>(command, cancellation).ConfigureAwait(false)).Changed;
}
