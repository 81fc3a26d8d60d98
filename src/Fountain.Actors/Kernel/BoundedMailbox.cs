namespace Fountain.Actors;

/// <summary>
/// The user lane of a mailbox: many producers, one consumer (the actor's turn), at most
/// <see cref="Capacity"/> messages. Producers append to an incoming array queue under a short lock; the
/// consumer swaps it for its own (empty) queue under the same lock and then takes a whole batch without
/// locking, so the lock is taken once per batch on the consumer side. Both queues start at four slots, so
/// an idle actor costs a couple of hundred bytes (a lock-free segmented queue costs about a kilobyte per
/// actor, which matters for 100,000 sharded entities); arrays grown by a burst are given back once the
/// actor has been quiet for a while (many small batches in a row), not after every burst, which would
/// reallocate them over and over for a busy actor. The bound is an explicit counter, given back as each message is taken so that the capacity
/// is exact even during a long turn. Senders waiting for room (<see cref="WaitForRoomAsync"/>) are woken as
/// soon as a message is taken.
/// </summary>
internal sealed class BoundedMailbox<T>
{
    private const int InitialSlots = 4;

    /// <summary>Batches of at most this many messages count as quiet.</summary>
    private const int QuietBatchMessages = 16;

    /// <summary>After this many quiet batches in a row, grown arrays are replaced by small ones.</summary>
    private const int QuietBatchesBeforeShrink = 64;

    /// <summary>Arrays up to this many slots are kept whatever happens.</summary>
    private const int ShrinkAboveSlots = 64;

    private readonly object _lock = new();
    private Queue<T> _incoming = new(InitialSlots);   // producers, under _lock
    private Queue<T> _draining = new(InitialSlots);   // the consumer only
    private int _count;
    private int _waiterCount;
    private List<TaskCompletionSource>? _waiters;
    private int _quietBatches;

    public BoundedMailbox(int capacity) => Capacity = capacity;

    public int Capacity { get; }

    /// <summary>Messages enqueued and not yet taken (momentarily one more while a full mailbox refuses a message).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>True when no message is queued or being enqueued (the counter leads the queues by a moment).</summary>
    public bool IsEmpty => Volatile.Read(ref _count) == 0;

    /// <summary>Enqueues when there is room; returns false (and changes nothing) when the mailbox is full.</summary>
    public bool TryEnqueue(T message)
    {
        if (Interlocked.Increment(ref _count) > Capacity)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }
        lock (_lock) _incoming.Enqueue(message);
        return true;
    }

    /// <summary>Takes the oldest message (consumer only) and frees its room, waking senders that wait for room.</summary>
    public bool TryDequeue(out T message)
    {
        if (_draining.Count == 0) Swap();
        if (!_draining.TryDequeue(out message!)) return false;
        Interlocked.Decrement(ref _count);
        if (Volatile.Read(ref _waiterCount) > 0) WakeWaiters();
        return true;
    }

    /// <summary>Takes everything producers have queued as the consumer's next batch.</summary>
    private void Swap()
    {
        // The two queues trade roles at every swap, so both grown arrays are dropped within two quiet swaps.
        if (_quietBatches >= QuietBatchesBeforeShrink && _draining.Capacity > ShrinkAboveSlots) _draining = new Queue<T>(InitialSlots);
        lock (_lock) (_incoming, _draining) = (_draining, _incoming);
        _quietBatches = _draining.Count <= QuietBatchMessages ? _quietBatches + 1 : 0;
    }

    /// <summary>A task that completes when some room may have been freed (or at once if there is room now).</summary>
    public Task WaitForRoomAsync(CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            (_waiters ??= []).Add(waiter);
            Interlocked.Increment(ref _waiterCount);
        }
        // Room may have been freed between the caller's failed enqueue and the registration above.
        if (Count < Capacity) WakeWaiters();
        return cancellationToken.CanBeCanceled ? waiter.Task.WaitAsync(cancellationToken) : waiter.Task;
    }

    /// <summary>Wakes every waiting sender (they retry; those that lose the race wait again).</summary>
    public void WakeWaiters()
    {
        List<TaskCompletionSource>? woken;
        lock (_lock)
        {
            woken = _waiters;
            _waiters = null;
            Interlocked.Exchange(ref _waiterCount, 0);
        }
        if (woken is null) return;
        foreach (var w in woken) w.TrySetResult();
    }
}
