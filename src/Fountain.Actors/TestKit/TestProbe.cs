using System.Collections.Concurrent;
using System.Diagnostics;

namespace Fountain.Actors.TestKit;

/// <summary>
/// A stand-in actor for tests: whatever is sent to <see cref="Ref"/> is queued (up to a bound), and the
/// Expect methods wait for it with a timeout. Waiting is on a signal, never a sleep.
/// </summary>
public sealed class TestProbe<T>
{
    private readonly BlockingCollection<T> _received;
    private readonly ProbeRef _ref;

    internal TestProbe(ActorSystem system, string name, TimeSpan defaultTimeout, int capacityMessages)
    {
        _received = new BlockingCollection<T>(new ConcurrentQueue<T>(), capacityMessages);
        _ref = new ProbeRef(this, system, "/probe/" + name);
        DefaultTimeout = defaultTimeout;
    }

    /// <summary>The reference actors send to.</summary>
    public ActorRef<T> Ref => _ref;

    public TimeSpan DefaultTimeout { get; }

    /// <summary>Messages received and not yet taken by an Expect.</summary>
    public int Pending => _received.Count;

    /// <summary>The next message, waiting up to <paramref name="timeout"/> (the default timeout when null).</summary>
    public T ExpectMsg(TimeSpan? timeout = null)
    {
        var wait = timeout ?? DefaultTimeout;
        if (_received.TryTake(out var message, wait)) return message;
        throw new TestKitAssertionException($"{_ref.Path}: no message within {wait.TotalMilliseconds:0} ms");
    }

    /// <summary>The next message, which must equal <paramref name="expected"/>.</summary>
    public T ExpectMsg(T expected, TimeSpan? timeout = null)
    {
        var message = ExpectMsg(timeout);
        if (!EqualityComparer<T>.Default.Equals(message, expected))
            throw new TestKitAssertionException($"{_ref.Path}: expected {expected}, received {message}");
        return message;
    }

    /// <summary>The next message, which must satisfy <paramref name="predicate"/>.</summary>
    public T ExpectMsg(Func<T, bool> predicate, TimeSpan? timeout = null, string? description = null)
    {
        var message = ExpectMsg(timeout);
        if (!predicate(message))
            throw new TestKitAssertionException($"{_ref.Path}: received {message}, which is not {description ?? "what was expected"}");
        return message;
    }

    /// <summary>Fails if any message arrives within <paramref name="duration"/>.</summary>
    public void ExpectNoMsg(TimeSpan duration)
    {
        if (_received.TryTake(out var message, duration))
            throw new TestKitAssertionException($"{_ref.Path}: expected no message, received {message}");
    }

    /// <summary>Skips messages until one satisfies <paramref name="isTarget"/>, all within <paramref name="timeout"/>.</summary>
    public T FishForMessage(Func<T, bool> isTarget, TimeSpan? timeout = null)
    {
        var wait = timeout ?? DefaultTimeout;
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var left = wait - stopwatch.Elapsed;
            if (!_received.TryTake(out var message, left < TimeSpan.Zero ? TimeSpan.Zero : left))
                throw new TestKitAssertionException($"{_ref.Path}: no matching message within {wait.TotalMilliseconds:0} ms");
            if (isTarget(message)) return message;
        }
    }

    /// <summary>Takes <paramref name="count"/> messages.</summary>
    public IReadOnlyList<T> ReceiveN(int count, TimeSpan? timeout = null)
    {
        var wait = timeout ?? DefaultTimeout;
        var stopwatch = Stopwatch.StartNew();
        var result = new List<T>(count);
        while (result.Count < count)
        {
            var left = wait - stopwatch.Elapsed;
            if (!_received.TryTake(out var message, left < TimeSpan.Zero ? TimeSpan.Zero : left))
                throw new TestKitAssertionException($"{_ref.Path}: received {result.Count} of {count} messages within {wait.TotalMilliseconds:0} ms");
            result.Add(message);
        }
        return result;
    }

    private sealed class ProbeRef(TestProbe<T> probe, ActorSystem system, string path) : ActorRef<T>(path)
    {
        public override bool IsTerminated => false;
        internal override ActorSystem System { get; } = system;
        internal override void SendSystem(SystemMessage message)
        {
            // A probe never stops, so a watch on it just waits forever; nothing else applies to it.
        }

        public override bool Tell(T message)
        {
            if (probe._received.TryAdd(message)) return true;
            System.DeadLetters.Publish(message, Path, DeadLetterReason.MailboxFull);
            return false;
        }

        public override ValueTask<bool> TellAsync(T message, CancellationToken cancellationToken = default) => new(Tell(message));
    }
}
