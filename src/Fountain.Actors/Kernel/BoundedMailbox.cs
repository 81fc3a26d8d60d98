namespace Fountain.Actors;

/// <summary>
/// The user lane of a mailbox: many producers, one consumer (the actor's turn), at most
/// <see cref="Capacity"/> messages. The queue is a plain array queue under a short lock: it starts at four
/// slots and shrinks back after a burst, so an idle actor costs about a hundred bytes (a lock-free
/// segmented queue costs about a kilobyte per actor, which matters for 100,000 sharded entities), and an
/// uncontended lock is a few nanoseconds, measured no slower for one-way throughput. The bound is an
/// explicit counter, given back as each message is taken so that the capacity is exact even during a
/// long turn. Senders waiting for room (<see cref="WaitForRoomAsync"/>) are woken as soon as a message is taken.
/// </summary>
internal sealed class BoundedMailbox<T>
{
    private readonly object _queueLock = new();
    private Queue<T> _queue = new(InitialSlots);
    private const int InitialSlots = 4;
    private int _count;
    private int _waiterCount;
    private List<TaskCompletionSource>? _waiters;

    public BoundedMailbox(int capacity) => Capacity = capacity;

    public int Capacity { get; }

    /// <summary>Messages enqueued and not yet taken (momentarily one more while a full mailbox refuses a message).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>True when no message is queued or being enqueued (the counter leads the queue by a moment).</summary>
    public bool IsEmpty => Volatile.Read(ref _count) == 0;

    /// <summary>Enqueues when there is room; returns false (and changes nothing) when the mailbox is full.</summary>
    public bool TryEnqueue(T message)
    {
        if (Interlocked.Increment(ref _count) > Capacity)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }
        lock (_queueLock) _queue.Enqueue(message);
        return true;
    }

    /// <summary>Takes the oldest message and frees its room, waking senders that wait for room.</summary>
    public bool TryDequeue(out T message)
    {
        lock (_queueLock)
        {
            if (!_queue.TryDequeue(out message!)) return false;
            // After a burst, give the grown array back once the mailbox is empty again.
            if (_queue.Count == 0 && _queue.Capacity > 64) _queue = new Queue<T>(InitialSlots);
        }
        Interlocked.Decrement(ref _count);
        if (Volatile.Read(ref _waiterCount) > 0) WakeWaiters();
        return true;
    }

    /// <summary>A task that completes when some room may have been freed (or at once if there is room now).</summary>
    public Task WaitForRoomAsync(CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_queueLock)
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
        lock (_queueLock)
        {
            woken = _waiters;
            _waiters = null;
            Interlocked.Exchange(ref _waiterCount, 0);
        }
        if (woken is null) return;
        foreach (var w in woken) w.TrySetResult();
    }
}
