using Fountain.Chain;
using Fountain.Chain.Model;

namespace Fountain.Node.Network;

/// <summary>
/// A node's cached view of the chain: the membership (head and masternode list), reused for
/// <c>membership-refresh</c>, and tickets (or their absence), reused for <c>ticket-cache-ttl</c> in a cache of at
/// most <c>ticket-cache-entries</c>. Every request checks its signer against the membership, and a chain
/// reached over HTTP cannot be asked for every request. Time comes from the injected clock. Thread-safe.
/// </summary>
internal sealed class ChainView
{
    private readonly IChain _chain;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _membershipRefresh;
    private readonly TimeSpan _ticketTtl;
    private readonly int _ticketCapacity;
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly object _ticketGate = new();
    private readonly Dictionary<string, (ArtworkTicket? Ticket, DateTimeOffset Fetched)> _tickets = new(StringComparer.Ordinal);
    private readonly Queue<string> _ticketOrder = new();
    private Membership? _membership;
    private string? _chainId;

    public ChainView(IChain chain, TimeProvider clock, TimeSpan membershipRefresh, int ticketCacheEntries, TimeSpan ticketCacheTtl)
    {
        _chain = chain;
        _clock = clock;
        _membershipRefresh = membershipRefresh;
        _ticketCapacity = ticketCacheEntries;
        _ticketTtl = ticketCacheTtl;
    }

    public IChain Chain => _chain;

    /// <summary>The last membership read, without asking the chain; null before the first read.</summary>
    public Membership? Current => Volatile.Read(ref _membership);

    public async Task<Membership> GetMembershipAsync(CancellationToken cancellation = default)
    {
        var current = Current;
        if (current is not null && _clock.GetUtcNow() - current.FetchedAt < _membershipRefresh) return current;
        await _refreshGate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            current = Current;
            if (current is not null && _clock.GetUtcNow() - current.FetchedAt < _membershipRefresh) return current;
            return await RefreshCoreAsync(cancellation).ConfigureAwait(false);
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    /// <summary>
    /// The chain's id, read once and then reused: it is derived from the chain's genesis and never changes, and reading
    /// it again for every signed answer, report and amendment put a chain round trip on paths that race deadlines
    /// (a challenge answer under a busy chain).
    /// </summary>
    public async Task<string> GetChainIdAsync(CancellationToken cancellation = default) =>
        Volatile.Read(ref _chainId) ?? (_chainId = await _chain.GetChainIdAsync(cancellation).ConfigureAwait(false));

    /// <summary>Reads the membership now, whatever the cache holds (after this node's own registration, for one).</summary>
    public async Task<Membership> RefreshAsync(CancellationToken cancellation = default)
    {
        await _refreshGate.WaitAsync(cancellation).ConfigureAwait(false);
        try { return await RefreshCoreAsync(cancellation).ConfigureAwait(false); }
        finally { _refreshGate.Release(); }
    }

    private async Task<Membership> RefreshCoreAsync(CancellationToken cancellation)
    {
        var (head, nodes) = await AskAsync(async () => (await _chain.GetHeadAsync(cancellation).ConfigureAwait(false),
            await _chain.GetMasternodesAsync(cancellation).ConfigureAwait(false)), cancellation).ConfigureAwait(false);
        var fresh = new Membership(head, nodes, _clock.GetUtcNow());
        Volatile.Write(ref _membership, fresh);
        return fresh;
    }

    /// <summary>Runs a chain read; any failure but the caller's own cancellation becomes a <see cref="ChainUnavailableException"/>.</summary>
    private static async Task<T> AskAsync<T>(Func<Task<T>> read, CancellationToken cancellation)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            throw new ChainUnavailableException(e);
        }
    }

    /// <param name="trustCachedMiss">
    /// Whether a cached "not registered" answer may be used. Uploads of pending blocks may (they would otherwise ask
    /// the chain once per block); authorisation must not, or an owner would be refused for up to the cache's
    /// lifetime right after registering.
    /// </param>
    public async Task<ArtworkTicket?> GetTicketAsync(string artworkId, CancellationToken cancellation = default, bool trustCachedMiss = true)
    {
        var now = _clock.GetUtcNow();
        lock (_ticketGate)
        {
            if (_tickets.TryGetValue(artworkId, out var cached) && now - cached.Fetched < _ticketTtl && (cached.Ticket is not null || trustCachedMiss))
                return cached.Ticket;
        }
        var ticket = await AskAsync(() => _chain.GetTicketAsync(artworkId, cancellation), cancellation).ConfigureAwait(false);
        lock (_ticketGate)
        {
            if (!_tickets.ContainsKey(artworkId))
            {
                // Oldest first out: the queue holds each cached key once, in insertion order.
                while (_tickets.Count >= _ticketCapacity && _ticketOrder.TryDequeue(out var oldest)) _tickets.Remove(oldest);
                _ticketOrder.Enqueue(artworkId);
            }
            _tickets[artworkId] = (ticket, _clock.GetUtcNow());
        }
        return ticket;
    }
}

/// <summary>The chain could not be read (unreachable, timed out, a malformed answer); the API answers 503.</summary>
internal sealed class ChainUnavailableException(Exception inner) : Exception($"the chain cannot be read: {inner.Message}", inner);
