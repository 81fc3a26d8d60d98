using Akka.Actor;
using Fountain.Actors.Artworks;
using Fountain.Actors.Cluster;
using Fountain.Actors.Tests.Support;

namespace Fountain.Actors.Tests.Cluster;

/// <summary>
/// A check a cluster test scripts per artwork: artworks it knows run <see cref="Run"/> (which may wait on the test), and
/// any other id is refused as the node's check refuses an id the chain has no ticket for.
/// </summary>
internal sealed class ScriptedClusterCheck(string self, IReadOnlySet<string> registered, Func<string, CancellationToken, Task>? run = null) : IArtworkCheck
{
    private int _runs, _refused;

    /// <summary>Checks run for registered artworks.</summary>
    public int Runs => Volatile.Read(ref _runs);

    /// <summary>Checks refused as not registered.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public async Task<IArtworkCheckReport> RunAsync(string artworkId, long epochHeight, ArtworkEvent? inFlight, Action<bool> inFlightSettled,
        Func<HealStarting, Task> healStarting, CancellationToken cancellation)
    {
        if (!registered.Contains(artworkId))
        {
            Interlocked.Increment(ref _refused);
            throw new ArtworkNotRegisteredException(artworkId);
        }
        Interlocked.Increment(ref _runs);
        if (run is not null) await run(artworkId, cancellation).ConfigureAwait(false);
        return new ClusterTestReport(artworkId, self, ScriptedCheck.Measured(epochHeight, 12));
    }
}

/// <summary>Fountain cluster nodes whose artwork check the test gives (<see cref="ClusterTestNodes.StartAsync"/> uses an instant one).</summary>
internal static class ScriptedClusterNodes
{
    public static async Task<ClusterTestNode> StartAsync(ActorSystem system, MemoryDirectory directory, Func<string, IArtworkCheck> checkOf, TimeSpan? idleWindow = null,
        ArtworkAdmission? admission = null)
    {
        var address = Akka.Cluster.Cluster.Get(system).SelfAddress.ToString();
        var rule = new RosterCustodyRule();
        var settings = new ArtworkActorSettings(checkOf(address), TimeSpan.FromSeconds(60), idleWindow ?? TimeSpan.FromMinutes(10));
        var region = await ArtworkSharding.StartAsync(system, settings, rule.AsRule(), maxRebalancePerRound: 4, admission);
        var guard = system.ActorOf(ClusterGuardActor.Props(directory, new ClusterGuardSettings(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), 3), rule.Update),
            "cluster-guard");
        return new ClusterTestNode(system, address, region, guard, rule, new InstantCheck(address));
    }
}
