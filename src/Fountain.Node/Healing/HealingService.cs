using System.Collections.Concurrent;
using Fountain.Actors.Persistence;
using Fountain.Actors.Sharding;
using Fountain.Node.Hosting;
using Fountain.Node.Network;
using Microsoft.Extensions.Logging;

namespace Fountain.Node.Healing;

/// <summary>
/// A node's healing duty: the shard region of <see cref="ArtworkActor"/>s placed by custody
/// (<see cref="CustodyPlacement"/>), the artworks it watches, and a loop that, every <c>check-interval</c>, takes the
/// chain's head as the epoch, updates the region (hand-off of artworks whose primary moved) and asks each watched
/// artwork whose primary this node is to check itself. Actor journals live in <c>healing-journal.db</c> in the data
/// folder, so a restarted node recovers them.
/// <para>
/// Which artworks exist: each round reads the chain's ticket listing (<see cref="TicketRotation"/>), at most
/// <c>max-watched-artworks</c> tickets per round, resuming where the last round stopped when the chain lists more, so a
/// custodian primary heals an artwork even if it holds none of its blocks. Artworks it is told of (<see cref="Watch"/>:
/// the CLI, the demo, tests) are checked too, before they appear in the listing.
/// </para>
/// </summary>
internal sealed class HealingService : IAsyncDisposable
{
    private readonly NodeServices _node;
    private readonly CustodyPlacement _placement = new();
    private readonly ShardRegion<ArtworkCommand> _region;
    private readonly IAsyncDisposable _journalHandle;
    private readonly DrainingJournal _journal;
    private readonly HealCheck _check;
    private readonly ConcurrentDictionary<string, bool> _watched = new(StringComparer.Ordinal);
    private readonly TicketRotation _listing = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private HealingService(NodeServices node, IJournal journal, ISnapshotStore snapshots, IAsyncDisposable handle)
    {
        _node = node;
        _journalHandle = handle;
        _journal = new DrainingJournal(journal, snapshots);
        var persistence = new PersistenceSettings<ArtworkEvent>(_journal, new JsonEventSerializer<ArtworkEvent>(HealingJson.Default.ArtworkEvent)) { Snapshots = _journal };
        var check = _check = new HealCheck(node);
        _region = ShardRegion<ArtworkCommand>.Start(node.Actors, new ShardRegionOptions<ArtworkCommand>
        {
            TypeName = "artwork",
            NodeId = node.NodeId,
            Members = [node.NodeId],
            Placement = _placement,
            EntityFactory = ctx => new ArtworkActor(ctx.Key, check, node.Settings.Healing.CheckTimeout, persistence, r => Checked?.Invoke(r)),
            Settings = new ShardingSettings { PassivateIdleAfter = IdleWindow(node.Settings.Healing) },
        });
        _loop = node.Settings.Healing.Enabled ? Task.Run(LoopAsync) : Task.CompletedTask;
    }

    /// <summary>
    /// How long an artwork actor may go without a message from its region before it is passivated. A running check
    /// sends the actor nothing through the region (it reports to the actor directly), and a check may run up to
    /// check-timeout, so the window covers that much plus an interval: idleness is then never a check in progress.
    /// </summary>
    internal static TimeSpan IdleWindow(HealingSettings settings) =>
        TimeSpan.FromTicks(Math.Max(settings.CheckInterval.Ticks * 4, (settings.CheckTimeout + settings.CheckInterval).Ticks));

    /// <summary>Most checks this node has run at once (bounded by max-concurrent-checks).</summary>
    public int PeakConcurrentChecks => _check.PeakConcurrentChecks;

    /// <summary>Raised (on an actor thread) after each finished check; for the demo and tests.</summary>
    public event Action<CheckReport>? Checked;

    public static async Task<HealingService> StartAsync(NodeServices node, CancellationToken cancellation)
    {
        var journal = new JournalConfiguration { SqlitePath = Path.Combine(Path.GetFullPath(node.Settings.DataFolder), "healing-journal.db") };
        var (j, s, handle) = await journal.OpenAsync(cancellation).ConfigureAwait(false);
        return new HealingService(node, j, s, handle);
    }

    /// <summary>
    /// Adds an artwork to the ones this node checks when it is their custodian primary, whether or not the listing has
    /// reached it yet (at most <c>max-watched-artworks</c> such artworks).
    /// </summary>
    public bool Watch(string artworkId)
    {
        if (_watched.Count >= _node.Settings.Healing.MaxWatchedArtworks && !_watched.ContainsKey(artworkId)) return false;
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
        if (!await UpdateEpochAsync(cancellation).ConfigureAwait(false) || !IsPrimary(artworkId)) return null;
        var done = new TaskCompletionSource<CheckReport?>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!await _region.TellAsync(artworkId, new CheckArtwork(done), cancellation).ConfigureAwait(false)) return null;
        using var registration = cancellation.Register(() => done.TrySetCanceled(cancellation));
        return await done.Task.ConfigureAwait(false);
    }

    /// <summary>Whether this node is the artwork's custodian primary at the epoch last taken.</summary>
    public bool IsPrimary(string artworkId) => _placement.Head is not null && _placement.OwnerOf(artworkId, [_node.NodeId]) == _node.NodeId;

    private async Task<bool> UpdateEpochAsync(CancellationToken cancellation)
    {
        var membership = await _node.Chain.RefreshAsync(cancellation).ConfigureAwait(false);
        if (_placement.Head?.Hash == membership.Head.Hash) return true;
        _placement.SetEpoch(membership.Head, membership.ById.Values.ToList());
        var members = membership.EligibleIds.Contains(_node.NodeId) ? membership.EligibleIds : [.. membership.EligibleIds, _node.NodeId];
        return await _region.UpdateMembersAsync(members, cancellation).ConfigureAwait(false);
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(_node.Settings.Healing.CheckInterval, _node.Clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    await UpdateEpochAsync(_stop.Token).ConfigureAwait(false);
                    // Only ids are kept: the artwork's actor reads its ticket afresh when it checks.
                    var round = new HashSet<string>(_watched.Keys, StringComparer.Ordinal);
                    await _listing.ReadRoundAsync(_node.Chain.Chain, _node.Settings.Healing.MaxWatchedArtworks, t => round.Add(t.ArtworkId), _stop.Token).ConfigureAwait(false);
                    foreach (var artworkId in round)
                        if (IsPrimary(artworkId)) await _region.TellAsync(artworkId, new CheckArtwork(null), _stop.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (!_stop.IsCancellationRequested)
                {
                    _node.Log.LogWarning("healing round failed: {Reason}", e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
        await _journal.DrainAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        await _journalHandle.DisposeAsync().ConfigureAwait(false);
    }
}
