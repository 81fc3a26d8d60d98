using System.Collections.Concurrent;

namespace Fountain.Actors;

/// <summary>
/// The user lane of a mailbox: many producers, one consumer (the actor's turn), at most
/// <see cref="Capacity"/> messages. The queue itself is a segmented lock-free queue that grows only as far
/// as it is used, so an idle actor costs one small segment; the bound is an explicit counter, given back as
/// each message is taken so that the capacity is exact even during a long turn. Senders that wait for room
/// (<see cref="WaitForRoomAsync"/>) are woken as soon as a message is taken.
/// </summary>
internal sealed class BoundedMailbox<T>
{
    private readonly ConcurrentQueue<T> _queue = new();
    private int _count;
    private int _waiterCount;
    private readonly object _waitersLock = new();
    private List<TaskCompletionSource>? _waiters;

    public BoundedMailbox(int capacity) => Capacity = capacity;

    public int Capacity { get; }

    /// <summary>Messages enqueued and not yet taken (momentarily one more while a full mailbox refuses a message).</summary>
    public int Count => Volatile.Read(ref _count);

    public bool IsEmpty => _queue.IsEmpty;

    /// <summary>Enqueues when there is room; returns false (and changes nothing) when the mailbox is full.</summary>
    public bool TryEnqueue(T message)
    {
        if (Interlocked.Increment(ref _count) > Capacity)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }
        _queue.Enqueue(message);
        return true;
    }

    /// <summary>Takes the oldest message and frees its room, waking senders that wait for room.</summary>
    public bool TryDequeue(out T message)
    {
        if (!_queue.TryDequeue(out message!)) return false;
        Interlocked.Decrement(ref _count);
        if (Volatile.Read(ref _waiterCount) > 0) WakeWaiters();
        return true;
    }

    /// <summary>A task that completes when some room may have been freed (or at once if there is room now).</summary>
    public Task WaitForRoomAsync(CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waitersLock)
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
        lock (_waitersLock)
        {
            woken = _waiters;
            _waiters = null;
            Interlocked.Exchange(ref _waiterCount, 0);
        }
        if (woken is null) return;
        foreach (var w in woken) w.TrySetResult();
    }
}
