using System.Collections.Concurrent;
using Akka.Actor;
using Fountain.Node.Network;
using Microsoft.Extensions.Logging;

namespace Fountain.Node.Healing;

/// <summary>
/// A node's healing duty: the artworks it watches, and a loop that, every <c>check-interval</c>, takes the chain's head
/// as the epoch, hands off the artwork actors whose custodian primary moved to another node, and asks each watched
/// artwork whose primary this node is to check itself, through the node's <see cref="ArtworkRegion"/> (started with the
/// actor system by the composition root). Actor journals live in the artwork journal (SQLite
/// <c>healing-journal.db</c> in the data folder by default), so a restarted node recovers them.
/// <para>
/// Which artworks exist: each round reads the chain's ticket listing (<see cref="TicketRotation"/>), at most
/// <c>max-watched-artworks</c> tickets per round, resuming where the last round stopped when the chain lists more, so a
/// custodian primary heals an artwork even if it holds none of its blocks. Artworks it is told of (<see cref="Watch"/>:
/// the CLI, the demo, tests) are checked too, before they appear in the listing.
/// </para>
/// </summary>
internal sealed class HealingService : IAsyncDisposable
{
    private readonly HealingSettings _settings;
    private readonly string _nodeId;
    private readonly TimeProvider _clock;
    private readonly ChainView _chain;
    private readonly IActorRef _region;
    private readonly ILogger _log;
    private readonly ShardedCheckRoute? _cluster;
    private readonly ShardedCheckFallback _fallback;
    private int _aloneLogged;
    private readonly CustodyPlacement _placement = new();
    private readonly ConcurrentDictionary<string, bool> _watched = new(StringComparer.Ordinal);
    private readonly TicketRotation _listing = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _epochUpdate = new(1, 1);
    private readonly Task _loop;

    /// <param name="region">The node's artwork region (the artwork actors run their checks through <see cref="HealCheck"/>).</param>
    /// <param name="cluster">
    /// In the cluster: the sharded region (<paramref name="region"/> is it) and the node's local fallback region. On each
    /// new epoch the guard reads the roster, so the shard coordinator moves an artwork to its new custodian, and the local
    /// region hands off what it holds; a check the sharded region has not taken here within
    /// <c>sharded-check-fallback-after</c>, or any check once this node is out of the cluster, runs on the local region.
    /// Null: the node runs alone and <paramref name="region"/> is its local region.
    /// </param>
    public HealingService(HealingSettings settings, string nodeId, TimeProvider clock, ChainView chain, IActorRef region, ILogger log, ShardedCheckRoute? cluster = null)
    {
        _cluster = cluster;
        _fallback = new ShardedCheckFallback(settings.ShardedCheckFallbackAfter);
        _settings = settings;
        _nodeId = nodeId;
        _clock = clock;
        _chain = chain;
        _region = region;
        _log = log;
        _loop = settings.Enabled ? Task.Run(LoopAsync) : Task.CompletedTask;
    }

    /// <summary>
    /// How long an artwork actor may receive nothing before it is passivated. A running check is never passivated (the
    /// actor does not ask while one runs), and the window covers a whole check plus an interval besides, so an actor
    /// checked every interval stays.
    /// </summary>
    internal static TimeSpan IdleWindow(HealingSettings settings) =>
        TimeSpan.FromTicks(Math.Max(settings.CheckInterval.Ticks * 4, (settings.CheckTimeout + settings.CheckInterval).Ticks));

    /// <summary>
    /// Adds an artwork to the ones this node checks when it is their custodian primary, whether or not the listing has
    /// reached it yet (at most <c>max-watched-artworks</c> such artworks).
    /// </summary>
    public bool Watch(string artworkId)
    {
        if (_watched.Count >= _settings.MaxWatchedArtworks && !_watched.ContainsKey(artworkId)) return false;
        _watched.TryAdd(artworkId, true);
        return true;
    }

    /// <summary>
    /// Takes the chain's head as the epoch and checks one artwork now if this node is its custodian primary;
    /// null when it is not (another node's actor owns the artwork this epoch).
    /// </summary>
    public async Task<CheckReport?> CheckNowAsync(string artworkId, CancellationToken cancellation = default)
    {
        Watch(artworkId);
        await UpdateEpochAsync(cancellation).ConfigureAwait(false);
        if (_placement.EpochWherePrimary(artworkId, _nodeId) is not { } epoch) return null;
        // The check bounds itself (check-timeout, then the actor cancels it); the ask waits that long and a little more.
        // A node that stops cancels the wait as well as the check.
        var timeout = _settings.CheckTimeout + TimeSpan.FromSeconds(30);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellation, _stop.Token);
        // Out of the cluster, or with this artwork's shard found untaken here by the loop, the local region runs it.
        var region = _cluster is { } cluster && (cluster.Removed || _fallback.IsOverdue(artworkId, _clock.GetUtcNow())) ? cluster.Local : _region;
        return (CheckReport)await region.Ask<IArtworkCheckReport>(new CheckArtwork(artworkId, epoch.Height), timeout, waiting.Token).ConfigureAwait(false);
    }

    /// <summary>Whether this node is the artwork's custodian primary at the epoch last taken.</summary>
    public bool IsPrimary(string artworkId) => _placement.PrimaryOf(artworkId) == _nodeId;

    private async Task UpdateEpochAsync(CancellationToken cancellation)
    {
        var membership = await _chain.RefreshAsync(cancellation).ConfigureAwait(false);
        await _epochUpdate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            if (_placement.Head?.Hash == membership.Head.Hash) return;
            _placement.SetEpoch(membership.Head, membership.ById.Values.ToList());
        }
        finally
        {
            _epochUpdate.Release();
        }
        if (_cluster is { } cluster)
        {
            cluster.EpochChanged();
            cluster.Local.Tell(new HandOffArtworks(IsPrimary));
            return;
        }
        // Artworks whose primary is another node now: their actors stop here (the new primary recovers from the ticket).
        _region.Tell(new HandOffArtworks(IsPrimary));
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(_settings.CheckInterval, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    await UpdateEpochAsync(_stop.Token).ConfigureAwait(false);
                    // Only ids are kept: the artwork's actor reads its ticket afresh when it checks.
                    var round = new HashSet<string>(_watched.Keys, StringComparer.Ordinal);
                    await _listing.ReadRoundAsync(_chain.Chain, _settings.MaxWatchedArtworks, t => round.Add(t.ArtworkId), _stop.Token).ConfigureAwait(false);
                    var mine = new Dictionary<string, long>(StringComparer.Ordinal);
                    foreach (var artworkId in round)
                        if (_placement.EpochWherePrimary(artworkId, _nodeId) is { } epoch) mine[artworkId] = epoch.Height;
                    if (_cluster is null)
                        foreach (var (artworkId, height) in mine) _region.Tell(new CheckArtwork(artworkId, height), ActorRefs.NoSender);
                    else await RouteInClusterAsync(_cluster, mine).ConfigureAwait(false);
                }
                catch (Exception e) when (!_stop.IsCancellationRequested)
                {
                    _log.LogWarning("healing round failed: {Reason}", e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Whether this node, in a cluster, has been downed out of it and checks its artworks alone (until it restarts).</summary>
    public bool CheckingAlone => _cluster is { Removed: true };

    /// <summary>
    /// A round's checks in the cluster: through the sharded region, and on the local region for the artworks whose shard
    /// has not been hosted here for <c>sharded-check-fallback-after</c>; all on the local region once this node is out
    /// of the cluster.
    /// </summary>
    private async Task RouteInClusterAsync(ShardedCheckRoute cluster, Dictionary<string, long> mine)
    {
        if (cluster.Removed)
        {
            if (Interlocked.Exchange(ref _aloneLogged, 1) == 0)
                _log.LogWarning("this node was removed from the cluster (downed); it checks the artworks it is custodian of alone until it restarts");
            foreach (var (artworkId, height) in mine) cluster.Local.Tell(new CheckArtwork(artworkId, height), ActorRefs.NoSender);
            return;
        }
        foreach (var (artworkId, height) in mine) cluster.Sharded.Tell(new CheckArtwork(artworkId, height), ActorRefs.NoSender);
        if (mine.Count == 0 && _fallback.Untaken == 0) return;
        var hosted = await cluster.HostedHereAsync(_settings.CheckInterval, _stop.Token).ConfigureAwait(false);
        var local = _fallback.Round(mine.Keys, hosted, _clock.GetUtcNow());
        if (local.Count > 0)
            _log.LogWarning("{Count} artwork checks not taken here by the sharded region within {After}: checking them locally", local.Count, _settings.ShardedCheckFallbackAfter);
        foreach (var artworkId in local) cluster.Local.Tell(new CheckArtwork(artworkId, mine[artworkId]), ActorRefs.NoSender);
    }

    /// <summary>Stops the loop; the artwork actors stop with the actor system, after it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
    }
}
