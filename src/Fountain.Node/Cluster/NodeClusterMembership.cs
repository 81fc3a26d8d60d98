using Akka.Actor;
using Akka.Hosting;
using Fountain.Actors.Cluster;
using Fountain.Actors.Hosting;
using Fountain.Node.Healing;
using Fountain.Node.Configuration;
using Fountain.Node.Network;

namespace Fountain.Node.Cluster;

/// <summary>
/// A masternode's part in the masternodes' Akka cluster (CLUSTER.md, "Wiring into the node"): its Akka address derived
/// from the endpoint it registers (<see cref="ClusterAddresses"/>), the cluster's HOCON and Hyperion's allow-list for the
/// node's reports, the sharded artwork region placed by the chain's custody rule, and the guard that joins through the
/// chain's seed nodes and keeps strangers out. <see cref="NodeHost"/> builds one when <see cref="For"/> says the node
/// clusters; without one the node runs its local <see cref="ArtworkRegion"/>, alone.
/// </summary>
internal sealed class NodeClusterMembership
{
    /// <summary>The node's types that cross the cluster: the check report a sharded artwork actor answers with, and what it carries (IReadOnlyList&lt;string&gt; travels as List&lt;string&gt;).</summary>
    public static readonly IReadOnlyList<Type> CrossingTypes = [typeof(CheckReport), typeof(RedundancyMeasurement), typeof(List<string>)];

    private readonly NodeClusterSettings _settings;
    private readonly RosterCustodyRule _rule = new();
    private IActorRef? _guard;
    private IActorRef? _region;
    private IActorRef? _local;
    private ActorSystem? _system;

    private NodeClusterMembership(NodeClusterSettings settings, ClusterNodeOptions options, string protocol)
    {
        _settings = settings;
        Options = options;
        Protocol = protocol;
    }

    /// <summary>The transport's scheme: akka.ssl.tcp when the operator's akka block turns TLS on, akka.tcp otherwise.</summary>
    public string Protocol { get; }

    /// <summary>Akka's settings of this member: its public host and port (the endpoint's, plus the offset) and the timings.</summary>
    public ClusterNodeOptions Options { get; }

    /// <summary>This node's cluster address, as every member derives it from the chain.</summary>
    public string Address => ClusterAddresses.Of(Options.PublicHostname, Options.Port, Protocol);

    /// <summary>The guard (null before the actor system started).</summary>
    public IActorRef? Guard => _guard;

    /// <summary>The roster the guard read last (null before its first read).</summary>
    public MasternodeRoster? Roster => _rule.Roster;

    /// <summary>The member the custody rule, on the roster last read, gives the artwork among <paramref name="upMembers"/>.</summary>
    public string? RuleChoice(string artworkId, IReadOnlyCollection<string> upMembers) => _rule.Preferred(artworkId, upMembers);

    /// <summary>
    /// The persistence id prefix of the node's local fallback artwork actors: never the sharded actors' own, so that a
    /// local check and a sharded one of the same artwork on this node (a shard allocated here late) never write one
    /// journal stream.
    /// </summary>
    public const string LocalPersistenceIdPrefix = "artwork-local-";

    /// <summary>
    /// Whether this node is out of the cluster for good: downed (by the resolver, a guard, or a hostile member) and
    /// removed, its cluster extension ended. Its actor system runs on (StopWhenDowned is off), and its checks run locally.
    /// </summary>
    public bool Removed => _system is { } system && Akka.Cluster.Cluster.Get(system).IsTerminated;

    /// <summary>Where the healing loop sends its checks (the sharded region, and the local one it falls back to).</summary>
    public ShardedCheckRoute CheckRoute => new(_region ?? throw new InvalidOperationException("the actor system has not started"), _local!, () => Removed, RefreshRoster);

    /// <summary>The management operations over this member (show, leave, down, join).</summary>
    public ClusterManagement Management => new(_system ?? throw new InvalidOperationException("the actor system has not started"), _region, () => _rule.Roster);

    /// <summary>
    /// The node's membership, or null when it runs alone: cluster mode off, or a listen URL on port 0 without an
    /// advertise-url (the endpoint, from which the Akka address is derived, is known only once the server is bound,
    /// after the actor system started). <paramref name="listenUrl"/> is the URL the node will bind (a restarted node
    /// listens on its registered port again).
    /// </summary>
    public static NodeClusterMembership? For(NodeSettings settings, string listenUrl)
    {
        var cluster = settings.Cluster;
        if (!cluster.Enabled) return null;
        var endpoint = new Uri(settings.AdvertiseUrl ?? listenUrl);
        if (endpoint.Port == 0) return null;
        var listen = new Uri(listenUrl);
        int port = endpoint.Port + cluster.AkkaPortOffset;
        if (port > 65535) throw new ArgumentException($"the endpoint's port {endpoint.Port} plus fountain.node.cluster.akka-port-offset {cluster.AkkaPortOffset} passes 65535");
        // Bind where the API binds unless told otherwise: behind a NAT the advertised host is not a local interface.
        var bind = cluster.BindHostname ?? (settings.AdvertiseUrl is null ? null : listen.Host.Trim('[', ']'));
        var options = new ClusterNodeOptions(endpoint.Host.ToLowerInvariant(), port)
        {
            BindHostname = bind,
            SeedNodeTimeout = cluster.SeedNodeTimeout,
            StableAfter = cluster.StableAfter,
            RebalanceInterval = cluster.RebalanceInterval,
            // Downed (Akka lets any member down any other), a masternode keeps its actors and checks alone (ShardedCheckRoute).
            StopWhenDowned = false,
        };
        // Akka names a TLS transport's addresses akka.ssl.tcp: the roster must derive the same, or no member would find itself in it.
        bool tls = settings.AkkaHocon is { } akka && Akka.Configuration.ConfigurationFactory.ParseString(akka).GetBoolean("akka.remote.dot-netty.tcp.enable-ssl", false);
        return new NodeClusterMembership(cluster, options, tls ? ClusterAddresses.TlsProtocol : ClusterAddresses.Protocol);
    }

    /// <summary>
    /// The cluster's HOCON (over Fountain's actor settings, under the operator's own akka block, which is added after
    /// this and so can set remoting's TLS) and the node's types on Hyperion's allow-list.
    /// </summary>
    public void Configure(AkkaConfigurationBuilder akka)
    {
        akka.AddHocon(FountainClusterConfig.Config(Options), HoconAddMode.Prepend);
        akka.AddSetup(new FountainSerializationSetup(CrossingTypes));
    }

    /// <summary>
    /// Starts the sharded artwork region (before joining: AKKA-NOTES), registered where the node reads its artwork
    /// region, and the local fallback region (<see cref="CheckRoute"/>), then the guard, which reads the roster through the node's chain view, feeds the custody rule and joins
    /// the roster's seed nodes once the chain lists this node.
    /// </summary>
    /// <param name="allocation">Tests only (a hostile coordinator): the shard allocation strategy in place of the custody rule's.</param>
    public async Task StartAsync(ActorSystem system, IActorRegistry registry, ArtworkActorSettings artworks, ChainView view,
        Func<CustodyRule, Akka.Cluster.Sharding.IShardAllocationStrategy>? allocation = null)
    {
        _system = system;
        _region = allocation is null
            ? await ArtworkSharding.StartAsync(system, artworks, _rule.AsRule(), _settings.MaxRebalancePerRound).ConfigureAwait(false)
            : await ArtworkSharding.StartAsync(system, artworks, allocation(_rule.AsRule())).ConfigureAwait(false);
        registry.Register<ArtworkRegion>(_region);
        _local = system.ActorOf(ArtworkRegion.Props(id => ArtworkActor.Props(id, artworks with { PersistenceIdPrefix = LocalPersistenceIdPrefix })), "artworks-local");
        _guard = system.ActorOf(ClusterGuardActor.Props(new ChainViewDirectory(view, _settings.AkkaPortOffset, Protocol), _settings.Guard, _rule.Update), "cluster-guard");
        registry.Register<ClusterGuardActor>(_guard);
    }

    /// <summary>Has the guard read the roster now: after this node's registration (so it joins at once) and each new epoch (so shards follow custody).</summary>
    public void RefreshRoster() => _guard?.Tell(Fountain.Actors.Cluster.RefreshRoster.Instance);
}

/// <summary>
/// The roster through the node's <see cref="ChainView"/>, read fresh each time (a member that just joined must not be
/// judged on a cached list), which also gives the healing loop the same epoch as the custody rule of the shards.
/// </summary>
internal sealed class ChainViewDirectory(ChainView view, int portOffset, string protocol) : IMasternodeDirectory
{
    public async Task<MasternodeRoster> ReadAsync(CancellationToken cancellation)
    {
        var membership = await view.RefreshAsync(cancellation).ConfigureAwait(false);
        return MasternodeRoster.FromChain(membership.Head, membership.ById.Values, portOffset, protocol);
    }
}
