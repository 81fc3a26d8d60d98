using System.Globalization;
using Akka.Configuration;

namespace Fountain.Actors.Cluster;

/// <summary>How one masternode takes part in the cluster.</summary>
/// <param name="PublicHostname">The host its peers dial: its registered endpoint's host (<see cref="ClusterAddresses"/>).</param>
/// <param name="Port">Its Akka port: the endpoint's port plus the network's offset.</param>
public sealed record ClusterNodeOptions(string PublicHostname, int Port)
{
    /// <summary>The interface remoting binds to; the public host name unless given (e.g. 0.0.0.0 behind a NAT).</summary>
    public string? BindHostname { get; init; }

    /// <summary>How long a node waits for a seed's answer before the first seed forms a cluster alone (Akka's 5 s default made a 3-node cluster take ~7 s to form).</summary>
    public TimeSpan SeedNodeTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the split-brain resolver waits for membership to settle before it downs the unreachable side (Akka's 20 s made a crashed member take 27 s to go).</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long after a member is removed as down its shards (and the coordinator, if it ran there) start elsewhere. Akka
    /// takes the resolver's stable-after when unset, so that the downed side has surely stopped first; an artwork actor
    /// running twice for a moment is harmless here (the chain accepts only the custodian's amendments and refuses one
    /// planned on a stale ticket), so the node waits 1 s instead of 5, which brings a crashed member's artworks back ~4 s sooner.
    /// </summary>
    public TimeSpan DownRemovalMargin { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often members gossip and the leader moves members on, and how soon a started node begins to (Akka: 1 s each).
    /// A quarter of a second: a join takes a few gossip rounds to converge and another few for the Up to spread (12
    /// nodes formed in ~4-7 s with 1 s on a loaded machine, 2.4 s with 0.25 s), for gossip traffic that is small at
    /// masternode counts.
    /// </summary>
    public TimeSpan GossipInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a join that got no welcome waits before it starts again (Akka: 10 s). A restarted node rejoining at its
    /// old address had its first join lost and waited the whole 10 s (measured: 12 nodes all Up 13.8 s after the restart).
    /// </summary>
    public TimeSpan RetryUnsuccessfulJoinAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long remoting drops messages to an address whose connection failed before it tries again (Akka: 5 s).</summary>
    public TimeSpan RetryGateClosedFor { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Largest message remoting sends (Akka: 128,000 bytes). The coordinator's replicated state grows by about 140 bytes
    /// per artwork shard and is written whole on each allocation, so this bounds how many artworks the cluster can
    /// place (about 900 at Akka's default, about 30,000 at 4 MiB); CLUSTER.md, "Scale".
    /// </summary>
    public int MaximumFrameBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>How often the shard coordinator asks the allocation strategy which shards to move.</summary>
    public TimeSpan RebalanceInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Whether a member downed (by the resolver, a guard, or any member: Akka has no authorisation on membership) stops
    /// its actor system (Akka's run-coordinated-shutdown-when-down). A masternode turns this off: one hostile member
    /// could otherwise stop every honest node's actors (its block holder, its checks) with <c>Cluster.Down</c>. Downed,
    /// such a member keeps its actors, its cluster extension ends, and the node checks its artworks alone.
    /// </summary>
    public bool StopWhenDowned { get; init; } = true;

    /// <summary>How long a shard's hand-off may take before its entities are stopped by force.</summary>
    public TimeSpan HandOffTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The HOCON of a masternode in the cluster, on top of <see cref="Hosting.FountainActorsConfig"/> and the journal's:
/// the cluster provider on DotNetty TCP, the split-brain resolver with keep-majority (a partition's minority downs
/// itself, the majority downs the minority), and sharding with remember-entities stored eventsourced on the node's own
/// journal. Durable distributed data is off everywhere (durable keys empty): it needs LightningDB, which breaks at run
/// time on our package source, and the coordinator's state lives in memory, replicated (state-store-mode ddata), so it
/// follows the coordinator when the oldest member changes instead of being read back from one node's journal.
/// </summary>
public static class FountainClusterConfig
{
    public static string Hocon(ClusterNodeOptions options) => $$"""
        akka {
          actor.provider = cluster
          # A check's report crosses back from the member its artwork's actor lives on: through Hyperion's allow-list (the
          # host adds its report type with FountainSerializationSetup), never Akka's default JSON serializer for objects.
          actor.serialization-bindings {
            "{{typeof(Fountain.Actors.Artworks.IArtworkCheckReport).AssemblyQualifiedName}}" = hyperion
          }
          remote.retry-gate-closed-for = {{Ms(options.RetryGateClosedFor)}}
          remote.dot-netty.tcp {
            hostname = "{{options.BindHostname ?? options.PublicHostname}}"
            public-hostname = "{{options.PublicHostname}}"
            port = {{options.Port}}
            # The shard coordinator's state (an entry per artwork shard) is replicated as one message: Akka's 128,000-byte
            # frame stopped every allocation at about 900 shards (FloodClusterTests). Block bytes never cross remoting.
            maximum-frame-size = {{options.MaximumFrameBytes}}b
          }
          cluster {
            seed-node-timeout = {{Ms(options.SeedNodeTimeout)}}
            retry-unsuccessful-join-after = {{Ms(options.RetryUnsuccessfulJoinAfter)}}
            gossip-interval = {{Ms(options.GossipInterval)}}
            leader-actions-interval = {{Ms(options.GossipInterval)}}
            periodic-tasks-initial-delay = {{Ms(options.GossipInterval)}}
            down-removal-margin = {{Ms(options.DownRemovalMargin)}}
            downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
            split-brain-resolver {
              active-strategy = keep-majority
              stable-after = {{Ms(options.StableAfter)}}
            }
            # Whether a member downed (by the resolver, a guard or any member) stops its actor system; a masternode keeps it
            # (ClusterNodeOptions.StopWhenDowned) so that a hostile member's Down cannot stop its block holder and checks.
            run-coordinated-shutdown-when-down = {{(options.StopWhenDowned ? "on" : "off")}}
            distributed-data.durable.keys = []
            sharding {
              state-store-mode = ddata
              remember-entities = on
              remember-entities-store = eventsourced
              distributed-data.durable.keys = []
              # The artwork actor passivates itself after its idle window (never during a check).
              passivate-idle-entity-after = off
              rebalance-interval = {{Ms(options.RebalanceInterval)}}
              handoff-timeout = {{Ms(options.HandOffTimeout)}}
            }
          }
        }
        """;

    public static Config Config(ClusterNodeOptions options) => ConfigurationFactory.ParseString(Hocon(options));

    private static string Ms(TimeSpan t) => ((long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
}
