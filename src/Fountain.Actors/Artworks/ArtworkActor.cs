using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace Fountain.Actors.Artworks;

/// <summary>What an <see cref="ArtworkActor"/> needs besides its artwork id.</summary>
/// <param name="CheckTimeout">Longest one check may run before it is cancelled.</param>
/// <param name="IdleWindow">How long the actor may receive nothing before it asks its region to passivate it (never while a check runs).</param>
/// <param name="SnapshotEveryEvents">A snapshot of the state is saved every this many events, so recovery reads at most that many.</param>
/// <param name="Observer">Told of every finished check's report (the demo and tests); called on the actor's turn.</param>
/// <param name="MaxWaitingAskers">
/// Most distinct askers one running check answers; an asker already waiting is not added again, and a remote one beyond
/// the bound is told at once that the check is busy (askers on this node always wait). A member flooding an artwork with
/// requests thus queues nothing.
/// </param>
/// <param name="PersistenceIdPrefix">
/// The persistence id is this plus the artwork id. A masternode in a cluster runs a second, local set of artwork actors
/// (for checks its sharded region does not take) under another prefix, so that the two never write one journal stream.
/// </param>
public sealed record ArtworkActorSettings(IArtworkCheck Check, TimeSpan CheckTimeout, TimeSpan IdleWindow, int SnapshotEveryEvents = 100,
    Action<IArtworkCheckReport>? Observer = null, int MaxWaitingAskers = 64, string PersistenceIdPrefix = ArtworkActor.DefaultPersistenceIdPrefix);

/// <summary>
/// One per artwork (DESIGN.md, "Actors"), created on demand on the artwork's custodian primary: by the node's local
/// <see cref="ArtworkRegion"/> (<see cref="Props"/>) or, in a cluster, as an entity of the sharded region
/// (<see cref="ShardedProps"/>, Cluster.ArtworkSharding), whose allocation puts it on the custodian. It runs one check at a time (<see cref="IArtworkCheck"/>), so one node never heals an artwork twice at once;
/// requests arriving during a check wait for that check's report. Measurements and heals are journaled (persist, then
/// apply: <see cref="ArtworkDecisions"/>); persistence id <c>artwork-&lt;id&gt;</c>. After a restart or a hand-off the
/// state comes back from the journal this node has (its latest snapshot, then the events after it); a heal found in
/// flight is settled by the next check against the ticket (committed if this node's amendment is on it, failed
/// otherwise), and that check measures afresh and heals again if it must, so the ticket remains the shared truth.
/// An artwork the chain does not know (<see cref="ArtworkNotRegisteredException"/>) gets no actor kept for it: the actor
/// asks to be passivated at once, so a member asking for made-up ids leaves neither live actors nor remembered entities.
/// A hand-off (the shard moves to another custodian) that meets a running check waits for the check to end, within the
/// shard's hand-off timeout, instead of cutting it.
/// </summary>
public sealed class ArtworkActor : ReceivePersistentActor, IWithTimers
{
    private sealed record CheckFinished(IArtworkCheckReport? Report, Exception? Error);
    private sealed record CheckTimedOut(long Check);

    private const string CheckTimer = "check-timeout";

    private readonly string _artworkId;
    private readonly ArtworkActorSettings _settings;
    private readonly ArtworkHosting _hosting;
    private bool _stopAfterCheck;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ArtworkState _state = ArtworkState.Initial;
    private List<IActorRef>? _waiting;
    private HashSet<IActorRef>? _waitingSet;
    private CancellationTokenSource? _running;
    private long _checks;

    public ITimerScheduler Timers { get; set; } = null!;

    public override string PersistenceId { get; }

    public ArtworkActor(string artworkId, ArtworkActorSettings settings) : this(artworkId, settings, ArtworkHosting.LocalRegion)
    {
    }

    public ArtworkActor(string artworkId, ArtworkActorSettings settings, ArtworkHosting hosting)
    {
        _artworkId = artworkId;
        _settings = settings;
        _hosting = hosting;
        PersistenceId = settings.PersistenceIdPrefix + artworkId;

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is ArtworkState state) _state = state;
        });
        Recover<ArtworkEvent>(e => _state = ArtworkDecisions.Apply(_state, e));
        Recover<RecoveryCompleted>(_ =>
        {
            // A heal this node had started before it stopped: the next check reads the ticket, settles it, and measures
            // afresh. If the amendment landed, its blocks count; if not, the heal is planned again from the ticket as it
            // is, and the chain's stale-ticket rule keeps any heal planned from an older ticket from landing as well.
            if (_state.HealInFlight is { } inFlight)
                _log.Warning("artwork {0}: a heal from index {1} was in flight before a restart; the next check settles it", _artworkId, inFlight.FirstNewIndex);
        });

        Command<CheckArtwork>(m => StartOrJoinCheck(m.EpochHeight));
        Command<InFlightSettled>(s => Record(s));
        Command<HealStarting>(h => Record(new HealStartFact(h), () => Sender.Tell(HealStartJournaled.Instance)));
        Command<CheckFinished>(Finish);
        Command<CheckTimedOut>(t =>
        {
            if (t.Check == _checks) _running?.Cancel();
        });
        Command<ReceiveTimeout>(_ =>
        {
            // A running check talks to this actor only at its start and end; idleness is never a check in progress.
            if (_waiting is not null) return;
            AskToPassivate();
        });
        Command<StopArtwork>(stop =>
        {
            if (_waiting is null) Context.Stop(Self);
            // A shard's hand-off (a rebalance to the epoch's new custodian) that meets a running check lets the check end
            // first: cutting it would waste its work, and with short epochs a check could be cut again and again. The
            // shard holds what comes for the actor meanwhile and stops the actor by force after its hand-off timeout.
            // A node that is shutting down (leaving) does not wait: its region has a phase timeout to keep.
            else if (stop.HandOff && _hosting == ArtworkHosting.ShardRegion && CoordinatedShutdown.Get(Context.System).ShutdownReason is null)
            {
                if (!_stopAfterCheck) _log.Warning("artwork {0}: hand-off waits for the running check to end", _artworkId);
                _stopAfterCheck = true;
            }
            else if (stop.HandOff) Context.Stop(Self);
            // A request reached the actor before the stop did. The local region takes a refusal and keeps the actor; a
            // shard cannot (it holds what comes for the actor until the actor stops), so the actor stops once the check is done.
            else if (_hosting == ArtworkHosting.ShardRegion) _stopAfterCheck = true;
            else Context.Parent.Tell(PassivationRefused.Instance);
        });
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning("artwork {0}: snapshot not saved: {1}", _artworkId, f.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public const string DefaultPersistenceIdPrefix = "artwork-";

    public static string PersistenceIdOf(string artworkId) => DefaultPersistenceIdPrefix + artworkId;

    public static Props Props(string artworkId, ArtworkActorSettings settings) => Akka.Actor.Props.Create(() => new ArtworkActor(artworkId, settings));

    /// <summary>The props of an artwork's actor as an entity of the sharded region (it asks its shard to passivate it).</summary>
    public static Props ShardedProps(string artworkId, ArtworkActorSettings settings) =>
        Akka.Actor.Props.Create(() => new ArtworkActor(artworkId, settings, ArtworkHosting.ShardRegion));

    /// <summary>The state as the journal has it; for tests.</summary>
    internal ArtworkState State => _state;

    protected override void PreStart()
    {
        base.PreStart();
        Context.SetReceiveTimeout(_settings.IdleWindow);
    }

    /// <summary>Asks the region to stop this actor: Akka's Passivate to a shard (so remember-entities forgets it), the local region's own otherwise.</summary>
    private void AskToPassivate()
    {
        if (_hosting == ArtworkHosting.ShardRegion) Context.Parent.Tell(new Akka.Cluster.Sharding.Passivate(StopArtwork.Passivation));
        else Context.Parent.Tell(Passivate.Instance);
    }

    /// <summary>
    /// Starts a check for <paramref name="epochHeight"/>, or, while one runs, has the sender wait for its report (it covers
    /// this request too): once per asker, and at most <see cref="ArtworkActorSettings.MaxWaitingAskers"/> remote askers.
    /// </summary>
    private void StartOrJoinCheck(long epochHeight)
    {
        var sender = Sender;
        if (_waiting is not null)
        {
            if (sender.IsNobody() || _waitingSet!.Contains(sender)) return;
            // Askers on this node (the healing loop, the API) always wait: a remote member cannot crowd them out.
            if (_waiting.Count >= _settings.MaxWaitingAskers && !sender.Path.Address.HasLocalScope)
            {
                sender.Tell(new Status.Failure(new InvalidOperationException($"the check of artwork {_artworkId} already has {_waiting.Count} askers waiting")));
                return;
            }
            _waiting.Add(sender);
            _waitingSet.Add(sender);
            return;
        }
        _waiting = sender.IsNobody() ? [] : [sender];
        _waitingSet = [.. _waiting];
        _running = new CancellationTokenSource();
        Timers.StartSingleTimer(CheckTimer, new CheckTimedOut(++_checks), _settings.CheckTimeout);
        var self = Self;
        var token = _running.Token;
        var inFlight = _state.HealInFlight;
        var askTimeout = _settings.CheckTimeout;
        Task<IArtworkCheckReport> check;
        try
        {
            check = _settings.Check.RunAsync(_artworkId, epochHeight, inFlight,
                landed => self.Tell(new InFlightSettled(inFlight!, landed)),
                heal => self.Ask<HealStartJournaled>(heal, askTimeout, token),
                token);
        }
        catch (Exception e)
        {
            check = Task.FromException<IArtworkCheckReport>(e);
        }
        check.PipeTo(self, success: r => new CheckFinished(r, null), failure: e => new CheckFinished(null, e));
    }

    /// <summary>Decides the fact's events, persists them, applies each once written; <paramref name="then"/> runs after the last.</summary>
    private void Record(ArtworkFact fact, Action? then = null)
    {
        var events = ArtworkDecisions.Decide(_state, fact, Context.System.Scheduler.Now);
        if (events.Count == 0) { then?.Invoke(); return; }
        var last = events[^1];
        PersistAll(events, e =>
        {
            _state = ArtworkDecisions.Apply(_state, e);
            if (_settings.SnapshotEveryEvents > 0 && LastSequenceNr % _settings.SnapshotEveryEvents == 0) SaveSnapshot(_state);
            if (ReferenceEquals(e, last)) then?.Invoke();
        });
    }

    private void Finish(CheckFinished f)
    {
        Timers.Cancel(CheckTimer);
        _running?.Dispose();
        _running = null;
        var waiting = _waiting ?? [];
        _waiting = null;
        _waitingSet = null;
        if (f.Report is { } report)
        {
            Record(new CheckFinishedFact(report.Summary), () =>
            {
                _settings.Observer?.Invoke(report);
                foreach (var w in waiting) w.Tell(report);
                StopIfPassivated();
            });
            return;
        }
        var error = f.Error is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : f.Error ?? new InvalidOperationException("the check failed");
        foreach (var w in waiting) w.Tell(new Status.Failure(error));
        if (error is ArtworkNotRegisteredException)
        {
            // Not an artwork: nothing to keep, nothing journaled. Asking the region now (not after the idle window) means a
            // flood of made-up ids leaves no live actors, and a shard with remember-entities forgets the entity at once.
            if (_stopAfterCheck) Context.Stop(Self);
            else AskToPassivate();
            return;
        }
        _log.Warning("check of artwork {0} failed: {1}", _artworkId, error.Message);
        StopIfPassivated();
    }

    /// <summary>The shard asked for this stop while the check ran; what came for the actor meanwhile waits in the shard, which starts it afresh.</summary>
    private void StopIfPassivated()
    {
        if (_stopAfterCheck) Context.Stop(Self);
    }

    protected override void PostStop()
    {
        _running?.Cancel();
        _running?.Dispose();
        foreach (var w in _waiting ?? []) w.Tell(new Status.Failure(new OperationCanceledException($"the actor of artwork {_artworkId} stopped")));
        base.PostStop();
    }
}
