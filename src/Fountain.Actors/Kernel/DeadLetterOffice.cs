namespace Fountain.Actors;

/// <summary>Why a message ended in dead letters.</summary>
public enum DeadLetterReason
{
    /// <summary>The recipient had stopped (or stopped before processing it).</summary>
    RecipientStopped,
    /// <summary>The recipient's mailbox was full and it drops on overflow.</summary>
    MailboxFull,
    /// <summary>A bounded buffer (stash, sharding buffer) was full.</summary>
    BufferFull,
    /// <summary>No actor or node could be found for it (e.g. a sharded key with no owner).</summary>
    NoRoute,
    /// <summary>A reply arrived after its ask had completed, timed out or been cancelled.</summary>
    LateReply,
}

/// <summary>A message that could not be delivered.</summary>
public readonly record struct DeadLetter(object? Message, string Recipient, DeadLetterReason Reason);

/// <summary>
/// Where undeliverable messages go: counted, and observable by subscribers (tests, monitoring). Subscribers
/// run on the thread that dead-lettered the message and must be quick.
/// </summary>
public sealed class DeadLetterOffice
{
    private long _count;
    private long _dropped;
    private volatile Action<DeadLetter>[] _subscribers = [];
    private readonly object _gate = new();

    /// <summary>Every dead letter so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Dead letters dropped because a mailbox or buffer was full.</summary>
    public long DroppedOnOverflow => Interlocked.Read(ref _dropped);

    /// <summary>Calls <paramref name="subscriber"/> for every later dead letter until the result is disposed.</summary>
    public IDisposable Subscribe(Action<DeadLetter> subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        lock (_gate) _subscribers = [.. _subscribers, subscriber];
        return new Subscription(this, subscriber);
    }

    internal void Publish(object? message, string recipient, DeadLetterReason reason)
    {
        Interlocked.Increment(ref _count);
        if (reason is DeadLetterReason.MailboxFull or DeadLetterReason.BufferFull) Interlocked.Increment(ref _dropped);
        var letter = new DeadLetter(message, recipient, reason);
        foreach (var s in _subscribers) s(letter);
    }

    private sealed class Subscription(DeadLetterOffice office, Action<DeadLetter> subscriber) : IDisposable
    {
        public void Dispose()
        {
            lock (office._gate) office._subscribers = office._subscribers.Where(s => s != subscriber).ToArray();
        }
    }
}
