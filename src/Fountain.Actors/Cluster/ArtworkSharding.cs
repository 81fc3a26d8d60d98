using Akka.Actor;
using Akka.Cluster.Sharding;
using Fountain.Actors.Artworks;

namespace Fountain.Actors.Cluster;

/// <summary>
/// The artwork actors sharded across the cluster: one shard per artwork (<see cref="ArtworkMessageExtractor"/>), each on
/// the member the custody rule names (<see cref="CustodyAllocationStrategy"/>), remembered on the node's own SQL journal
/// and passivated by the actor's own idle window (<see cref="FountainClusterConfig"/> sets remember-entities, its
/// eventsourced store and the ddata coordinator). Start it before the node joins (AKKA-NOTES: a region started after
/// joining can meet "Cannot find serializer with id [12]" for a moment).
/// </summary>
public static class ArtworkSharding
{
    /// <summary>The sharded entity type's name; the region's path is /system/sharding/artwork.</summary>
    public const string TypeName = "artwork";

    /// <param name="admission">
    /// Which artwork ids the region routes and the coordinator (when on this member) allocates a shard for: the ids the
    /// chain has tickets for, as far as the host knows them. Null admits every id; then each made-up id a member sends
    /// costs a shard, its remember-entities rows and a coordinator entry for as long as the cluster runs (docs/THREAT-MODEL.md, Flood).
    /// </param>
    public static Task<IActorRef> StartAsync(ActorSystem system, ArtworkActorSettings settings, CustodyRule rule, int maxRebalancePerRound,
        ArtworkAdmission? admission = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRebalancePerRound, 1);
        return StartAsync(system, settings, new CustodyAllocationStrategy(rule, maxRebalancePerRound, admission), admission);
    }

    /// <summary>The region with another allocation strategy than the custody rule's (tests: a hostile coordinator).</summary>
    public static Task<IActorRef> StartAsync(ActorSystem system, ArtworkActorSettings settings, IShardAllocationStrategy allocation, ArtworkAdmission? admission = null)
    {
        // The extension first: ClusterShardingSettings.Create reads what it registers (a NullReferenceException otherwise).
        var sharding = ClusterSharding.Get(system);
        var shardingSettings = ClusterShardingSettings.Create(system);
        return sharding.StartAsync(TypeName, artworkId => ArtworkActor.ShardedProps(artworkId, settings), shardingSettings, new ArtworkMessageExtractor(admission),
            allocation, StopArtwork.ForHandOff);
    }

    /// <summary>The region started by <see cref="StartAsync"/> on this system.</summary>
    public static IActorRef Region(ActorSystem system) => ClusterSharding.Get(system).ShardRegion(TypeName);
}
