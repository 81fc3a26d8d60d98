namespace Fountain.Node.Protocol;

/// <summary>
/// Remembers the (signer, nonce) pairs of accepted requests for as long as their timestamps could still pass
/// the skew check, so a captured request cannot be replayed. Bounded: when every slot holds a nonce that is
/// still live, a new request is refused (the caller answers 503) rather than forgetting a live nonce, which
/// would reopen the replay window. Entries expire <c>2 × skew</c> after they were recorded, an upper bound on
/// how long their timestamp stays acceptable; expiry is in insertion order, so a queue suffices. Thread-safe.
/// </summary>
internal sealed class NonceCache
{
    private readonly object _gate = new();
    private readonly HashSet<string> _live = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, DateTimeOffset Expires)> _byExpiry = new();
    private readonly TimeProvider _clock;
    private readonly TimeSpan _lifetime;

    public NonceCache(int capacityEntries, TimeSpan clockSkew, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityEntries);
        CapacityEntries = capacityEntries;
        _lifetime = clockSkew * 2;
        _clock = clock;
    }

    public int CapacityEntries { get; }

    public int Count
    {
        get { lock (_gate) return _live.Count; }
    }

    /// <summary>Records a nonce. <see cref="NonceOutcome.Replayed"/> if it was seen within its lifetime; <see cref="NonceOutcome.Full"/> if there is no room.</summary>
    public NonceOutcome TryRecord(string signerId, string nonce)
    {
        var key = signerId + ":" + nonce;
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            while (_byExpiry.TryPeek(out var oldest) && oldest.Expires <= now)
            {
                _byExpiry.Dequeue();
                _live.Remove(oldest.Key);
            }
            if (_live.Contains(key)) return NonceOutcome.Replayed;
            if (_live.Count >= CapacityEntries) return NonceOutcome.Full;
            _live.Add(key);
            _byExpiry.Enqueue((key, now + _lifetime));
            return NonceOutcome.Recorded;
        }
    }
}

internal enum NonceOutcome
{
    Recorded,
    Replayed,
    Full,
}
