using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Fountain.Chain.Model;

namespace Fountain.Actors.Cluster;

/// <param name="RefreshInterval">How often the guard reads the roster even when membership does not change (registrations lapse, epochs move).</param>
/// <param name="ReadTimeout">Longest one roster read may take; a read that fails or times out changes nothing.</param>
/// <param name="LapseGrace">How long a member whose registration lapsed has to leave by itself before the guards down it.</param>
/// <param name="JoinSeeds">
/// When above 0, the guard also joins the cluster: through that many seed nodes derived from each roster it reads
/// (<see cref="SeedNodes"/>), until this node is a member, and only while the roster lists it. A new list (a seed went
/// offline on the chain) restarts the join, so a cluster started from nothing does not wait forever for a first seed
/// that is down. 0: the host joins by itself.
/// </param>
public sealed record ClusterGuardSettings(TimeSpan RefreshInterval, TimeSpan ReadTimeout, TimeSpan LapseGrace, int JoinSeeds = 0)
{
    /// <summary>Defaults for a masternode: a read every 10 s (a few chain heights), 5 s per read, 30 s to leave, 3 seeds.</summary>
    public static readonly ClusterGuardSettings Default = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), JoinSeeds: 3);

    /// <summary>
    /// While this node is not yet a member (and joins by itself), how often the guard reads the roster: a node's own
    /// registration counts only from the height that seals it, so the read that lists it comes after its start, and
    /// waiting for the next <see cref="RefreshInterval"/> made a 12-node cluster take ~12 s to form. Stops once joined.
    /// </summary>
    public TimeSpan JoinReadInterval { get; init; } = TimeSpan.FromMilliseconds(500);
}

/// <summary>Read the roster now (a new epoch, an operator's request); the guard acts on what it reads.</summary>
public sealed record RefreshRoster
{
    public static readonly RefreshRoster Instance = new();
}

/// <summary>Asks the guard what it last read and did; answered with <see cref="GuardState"/>.</summary>
public sealed record GetGuardState
{
    public static readonly GetGuardState Instance = new();
}

/// <param name="Epoch">The epoch of the roster last read; null before the first successful read.</param>
/// <param name="Downed">The members this guard has downed, in order (the last 100).</param>
/// <param name="Awaiting">Members whose registration lapsed, given time to leave by themselves.</param>
/// <param name="Leaving">Whether this node left because the roster no longer lists it.</param>
/// <param name="LastError">Why the last read failed, if it did.</param>
public sealed record GuardState(ChainHead? Epoch, IReadOnlyList<string> Downed, IReadOnlyList<string> Awaiting, bool Leaving, int Reads, string? LastError);

/// <summary>
/// One per member: keeps the cluster to the chain's masternodes (<see cref="MembershipGuard"/> decides, this actor does).
/// It follows membership from cluster events (Akka's <c>Cluster.State</c> lags them), reads the roster through the
/// <see cref="IMasternodeDirectory"/> port every refresh interval and as soon as a member it does not know appears (a
/// node registered since the last read must not be downed on a stale roster), then downs strangers and leaves if the
/// chain no longer lists this node; it can also join the cluster through the roster's seed nodes
/// (<see cref="ClusterGuardSettings.JoinSeeds"/>). Every roster read is handed to <paramref name="onRoster"/> (the custody
/// rule of the shard allocation takes it). A read that fails changes nothing: no roster is not an empty roster.
/// </summary>
public sealed class ClusterGuardActor : ReceiveActor, IWithTimers
{
    private sealed record RosterRead(MasternodeRoster Roster);
    private sealed record RosterFailed(Exception Error);

    private const string RefreshTimer = "refresh";
    private const string JoinReadTimer = "join-read";
    private const int DownedKept = 100;

    private readonly IMasternodeDirectory _directory;
    private readonly ClusterGuardSettings _settings;
    private readonly Action<MasternodeRoster>? _onRoster;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, MemberStatus> _members = new(StringComparer.Ordinal);
    private readonly List<string> _downed = [];
    private readonly HashSet<string> _downedSet = new(StringComparer.Ordinal);
    private readonly HashSet<string> _wasListed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _unlistedSince = new(StringComparer.Ordinal);
    // The roster read before this one: a member that joined after that read but was listed in it has lapsed, it is not a
    // stranger (the member event can come after the read that listed it).
    private MasternodeRoster? _previousRoster;
    private IReadOnlyList<string> _awaiting = [];
    private IReadOnlyList<string> _joiningThrough = [];
    private bool _selfIsMember;
    private MasternodeRoster? _roster;
    private bool _reading, _readAgain, _leaving;
    private int _reads;
    private string? _lastError;

    public ITimerScheduler Timers { get; set; } = null!;

    public ClusterGuardActor(IMasternodeDirectory directory, ClusterGuardSettings settings, Action<MasternodeRoster>? onRoster)
    {
        _directory = directory;
        _settings = settings;
        _onRoster = onRoster;

        Receive<ClusterEvent.CurrentClusterState>(state =>
        {
            foreach (var m in state.Members) Track(m);
        });
        Receive<ClusterEvent.MemberRemoved>(e =>
        {
            var address = e.Member.Address.ToString();
            _members.Remove(address);
            _wasListed.Remove(address);
            _unlistedSince.Remove(address);
            // Gone: if a system comes back at this address it is judged afresh (and downed again if still unlisted).
            _downedSet.Remove(address);
        });
        Receive<ClusterEvent.IMemberEvent>(e => Track(e.Member));
        Receive<RefreshRoster>(_ => Read());
        Receive<RosterRead>(r =>
        {
            _reading = false;
            _reads++;
            _lastError = null;
            _roster = r.Roster;
            _onRoster?.Invoke(r.Roster);
            Act(r.Roster);
            JoinIfNotMember(r.Roster);
            if (_readAgain) Read();
        });
        Receive<RosterFailed>(f =>
        {
            _reading = false;
            _lastError = f.Error.Message;
            _log.Warning("cluster guard: the roster could not be read, nothing changes: {0}", f.Error.Message);
            if (_readAgain) Read();
        });
        Receive<GetGuardState>(_ => Sender.Tell(new GuardState(_roster?.Epoch, _downed.ToList(), _awaiting, _leaving, _reads, _lastError)));
    }

    public static Props Props(IMasternodeDirectory directory, ClusterGuardSettings settings, Action<MasternodeRoster>? onRoster = null) =>
        Akka.Actor.Props.Create(() => new ClusterGuardActor(directory, settings, onRoster));

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent));
        Timers.StartPeriodicTimer(RefreshTimer, RefreshRoster.Instance, _settings.RefreshInterval);
        if (_settings.JoinSeeds > 0 && _settings.JoinReadInterval < _settings.RefreshInterval)
            Timers.StartPeriodicTimer(JoinReadTimer, RefreshRoster.Instance, _settings.JoinReadInterval);
        Read();
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Track(Member member)
    {
        var address = member.Address.ToString();
        _members[address] = member.Status;
        if (member.Address.Equals(_cluster.SelfAddress))
        {
            _selfIsMember = true;
            Timers.Cancel(JoinReadTimer);
        }
        // Judged only on a roster read after the member appeared: it may have registered since the last read.
        if (_roster is null || !_roster.Contains(address)) Read();
    }

    private void Read()
    {
        if (_reading)
        {
            _readAgain = true;
            return;
        }
        _reading = true;
        _readAgain = false;
        ReadOnceAsync(_directory, _settings.ReadTimeout).PipeTo(Self);
    }

    /// <summary>One read, off the actor's turn: it touches no actor state, and its outcome comes back as a message.</summary>
    private static async Task<object> ReadOnceAsync(IMasternodeDirectory directory, TimeSpan readTimeout)
    {
        using var timeout = new CancellationTokenSource(readTimeout);
        try
        {
            return new RosterRead(await directory.ReadAsync(timeout.Token).WaitAsync(timeout.Token).ConfigureAwait(false));
        }
        catch (Exception e)
        {
            return new RosterFailed(e is OperationCanceledException && timeout.IsCancellationRequested
                ? new TimeoutException($"the roster read took longer than {readTimeout}") : e);
        }
    }

    private void JoinIfNotMember(MasternodeRoster roster)
    {
        if (_settings.JoinSeeds <= 0 || _selfIsMember || !roster.Contains(_cluster.SelfAddress.ToString())) return;
        var seeds = SeedNodes.Of(roster, _settings.JoinSeeds);
        if (seeds.Count == 0 || seeds.SequenceEqual(_joiningThrough, StringComparer.Ordinal)) return;
        _joiningThrough = seeds;
        _log.Info("cluster guard: joining through the seed nodes {0}", string.Join(", ", seeds));
        _cluster.JoinSeedNodes(seeds.Select(Address.Parse));
    }

    private void Act(MasternodeRoster roster)
    {
        var now = Context.System.Scheduler.Now;
        var previous = _previousRoster;
        _previousRoster = roster;
        foreach (var address in _members.Keys)
        {
            if (roster.Contains(address) || previous?.Contains(address) == true) _wasListed.Add(address); // remembered for later reads too
            if (roster.Contains(address)) _unlistedSince.Remove(address);
            else _unlistedSince.TryAdd(address, now);
        }
        var members = _members.Select(p => new ObservedMember(p.Key, p.Value is MemberStatus.Leaving or MemberStatus.Exiting or MemberStatus.Down or MemberStatus.Removed,
            _wasListed.Contains(p.Key), _unlistedSince.TryGetValue(p.Key, out var since) ? since : null));
        var decision = MembershipGuard.Decide(_cluster.SelfAddress.ToString(), members, roster, now, _settings.LapseGrace);
        _awaiting = decision.Awaiting;
        foreach (var stranger in decision.ToDown.Where(_downedSet.Add))
        {
            _downed.Add(stranger);
            if (_downed.Count > DownedKept) _downed.RemoveAt(0);
            _log.Warning("cluster guard: downing {0}, which the chain does not list as a masternode (epoch {1})", stranger, roster.Epoch.Height);
            _cluster.Down(Address.Parse(stranger));
        }
        if (decision.SelfMustLeave && !_leaving && _members.ContainsKey(_cluster.SelfAddress.ToString()))
        {
            _leaving = true;
            _log.Warning("cluster guard: the chain no longer lists this node (epoch {0}); leaving the cluster", roster.Epoch.Height);
            _cluster.Leave(_cluster.SelfAddress);
        }
    }
}
