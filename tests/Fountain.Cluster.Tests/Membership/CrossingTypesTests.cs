using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Fountain.Actors.Cluster;
using Fountain.Actors.Hosting;
using Fountain.Node.Cluster;
using Fountain.Node.Healing;

namespace Fountain.Cluster.Tests.Membership;

/// <summary>
/// A sharded artwork actor answers a check asked on another member with the node's <see cref="CheckReport"/>: with the
/// node's types on Hyperion's allow-list (<see cref="NodeClusterMembership.CrossingTypes"/>) it round-trips whole, and
/// without them it is refused. It is bound to Hyperion in the cluster's HOCON: Akka's default for an object is its JSON
/// serializer, which has no allow-list.
/// </summary>
public sealed class CrossingTypesTests
{
    private static readonly CheckReport Report = new("a1", 7, new RedundancyMeasurement(10, 9, 9000, 9.5), new RedundancyMeasurement(12, 12, 12000, 12.5),
        3, 1, 4096, new List<string> { "node-x", "node-y" }, 41, null);

    /// <summary>A member's actor settings as the node composes them: the cluster's HOCON over Fountain's actor settings.</summary>
    private static Config NodeConfigOfAMember => FountainClusterConfig.Config(new ClusterNodeOptions("127.0.0.1", 0)).WithFallback(FountainActorsConfig.Config(1));

    private static async Task<object> RoundTripAsync(IEnumerable<Type> allowed)
    {
        var setup = ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(NodeConfigOfAMember), new FountainSerializationSetup(allowed));
        var system = ActorSystem.Create("crossing", setup);
        try
        {
            var serializer = system.Serialization.FindSerializerFor(Report);
            Assert.IsType<FountainHyperionSerializer>(serializer);
            return serializer.FromBinary(serializer.ToBinary(Report), typeof(CheckReport));
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task The_nodes_check_report_round_trips_with_what_it_carries()
    {
        var back = (CheckReport)await RoundTripAsync(NodeClusterMembership.CrossingTypes);
        Assert.Equal(Report.Before, back.Before);
        Assert.Equal(Report.After, back.After);
        Assert.Equal(Report.DistrustedNodes, back.DistrustedNodes);
        Assert.Equal(Report with { DistrustedNodes = back.DistrustedNodes }, back);
    }

    [Fact]
    public async Task Without_the_nodes_types_it_is_refused() =>
        await Assert.ThrowsAnyAsync<Exception>(() => RoundTripAsync([typeof(CheckReport)]));
}
