namespace Fountain.Node.Protocol;

/// <summary>
/// Remembers the (signer, nonce) pairs of accepted requests for as long as their timestamps could still pass
/// the skew check, so a captured request cannot be replayed. Bounded, and so that no signer can crowd out another
/// (issue 12, hole 6): each signer has at most <see cref="EntriesPerSigner"/> live nonces, and the keys that are no
/// member masternode (owners and strangers: keys are free to make) share a pool of <see cref="StrangerEntries"/>.
/// Members draw on no shared pool, so their room is at most members × per-signer, and nothing a stranger sends can
/// make a masternode's request fail. When a bound is reached a new request is refused (the caller answers 429 or 503)
/// rather than forgetting a live nonce, which would reopen the replay window. Only requests whose signature has
/// verified are recorded. Entries expire <c>2 × skew</c> after they were recorded, an upper bound on how long their
/// timestamp stays acceptable; expiry is in insertion order, so a queue suffices. Thread-safe.
/// </summary>
internal sealed class NonceCache
{
    private readonly object _gate = new();
    private readonly HashSet<string> _live = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _perSigner = new(StringComparer.Ordinal);
    private readonly Queue<(string SignerId, string Key, bool Stranger, DateTimeOffset Expires)> _byExpiry = new();
    private readonly TimeProvider _clock;
    private readonly TimeSpan _lifetime;
    private int _strangers;

    public NonceCache(int strangerEntries, int entriesPerSigner, TimeSpan clockSkew, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(strangerEntries);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(entriesPerSigner);
        StrangerEntries = strangerEntries;
        EntriesPerSigner = entriesPerSigner;
        _lifetime = clockSkew * 2;
        _clock = clock;
    }

    /// <summary>Live nonces of all keys that are no member masternode, together.</summary>
    public int StrangerEntries { get; }

    /// <summary>Live nonces of any one signer.</summary>
    public int EntriesPerSigner { get; }

    public int Count
    {
        get { lock (_gate) return _live.Count; }
    }

    /// <summary>
    /// Records a nonce. <see cref="NonceOutcome.Replayed"/> if it was seen within its lifetime; <see cref="NonceOutcome.SignerFull"/>
    /// if the signer has no room left; <see cref="NonceOutcome.Full"/> if <paramref name="stranger"/> and the strangers' pool has none.
    /// </summary>
    public NonceOutcome TryRecord(string signerId, string nonce, bool stranger)
    {
        var key = signerId + ":" + nonce;
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            while (_byExpiry.TryPeek(out var oldest) && oldest.Expires <= now) Forget(_byExpiry.Dequeue());
            if (_live.Contains(key)) return NonceOutcome.Replayed;
            _perSigner.TryGetValue(signerId, out var held);
            if (held >= EntriesPerSigner) return NonceOutcome.SignerFull;
            if (stranger && _strangers >= StrangerEntries) return NonceOutcome.Full;
            _live.Add(key);
            _perSigner[signerId] = held + 1;
            if (stranger) _strangers++;
            _byExpiry.Enqueue((signerId, key, stranger, now + _lifetime));
            return NonceOutcome.Recorded;
        }
    }

    private void Forget((string SignerId, string Key, bool Stranger, DateTimeOffset Expires) entry)
    {
        _live.Remove(entry.Key);
        if (entry.Stranger) _strangers--;
        if (--_perSigner[entry.SignerId] == 0) _perSigner.Remove(entry.SignerId);
    }
}

internal enum NonceOutcome
{
    Recorded,
    Replayed,
    SignerFull,
    Full,
}
