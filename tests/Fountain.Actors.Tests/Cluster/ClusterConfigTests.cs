using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using Fountain.Actors.Cluster;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Fountain.Actors.Tests.Cluster;

/// <summary>
/// The cluster's configuration as Akka reads it, and remember-entities on the node's SQL journal: an artwork actor that
/// was running comes back after a restart without a message, and durable distributed data (LightningDB, broken on our
/// package source) is never touched.
/// </summary>
public sealed class ClusterConfigTests(ITestOutputHelper output) : ClusterTestKit(output)
{
    [Fact]
    public void Sharding_remembers_entities_eventsourced_with_a_ddata_coordinator_and_no_durable_keys_and_keep_majority_downs()
    {
        var config = FountainClusterConfig.Config(new ClusterNodeOptions("node.example", 8101)).WithFallback(ClusterSharding.DefaultConfig())
            .WithFallback(Akka.Cluster.Tools.Singleton.ClusterSingleton.DefaultConfig());
        var sharding = ClusterShardingSettings.Create(config.GetConfig("akka.cluster.sharding"), config.GetConfig("akka.cluster.singleton"));
        Assert.True(sharding.RememberEntities);
        Assert.Equal(RememberEntitiesStore.Eventsourced, sharding.RememberEntitiesStore);
        Assert.Equal(StateStoreMode.DData, sharding.StateStoreMode);
        Assert.Empty(config.GetStringList("akka.cluster.sharding.distributed-data.durable.keys"));
        Assert.Empty(config.GetStringList("akka.cluster.distributed-data.durable.keys"));
        Assert.Equal("keep-majority", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal(TimeSpan.FromSeconds(5), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.Equal(TimeSpan.FromSeconds(1), config.GetTimeSpan("akka.cluster.seed-node-timeout"));
        Assert.Equal(("node.example", 8101), (config.GetString("akka.remote.dot-netty.tcp.public-hostname"), config.GetInt("akka.remote.dot-netty.tcp.port")));
    }

    [Fact]
    public async Task A_running_artwork_actor_is_remembered_in_the_nodes_sql_journal_and_restarted_after_a_restart()
    {
        var journal = ClusterTestNodes.NewJournal();
        var artwork = Rosters.ArtworkId("remembered");
        var first = StartSystem(journal: journal);
        Directory.Roster = Rosters.Of(Rosters.Epoch(1), AddressOf(first));
        var node = await ClusterTestNodes.StartAsync(first, Directory);
        await WaitUpAsync([node], [node.Address], TimeSpan.FromSeconds(20));
        Assert.Equal(node.Address, (await node.CheckAsync(artwork, Ask)).RanOn);
        await first.Terminate().WaitAsync(TimeSpan.FromSeconds(20));

        using (var connection = new SqliteConnection($"Data Source={journal};Pooling=False;Mode=ReadOnly"))
        {
            connection.Open();
            using var ids = connection.CreateCommand();
            ids.CommandText = "SELECT DISTINCT persistence_id FROM journal";
            using var rows = ids.ExecuteReader();
            var persistenceIds = new List<string>();
            while (rows.Read()) persistenceIds.Add(rows.GetString(0));
            Output.WriteLine(string.Join("\n", persistenceIds));
            Assert.Contains("artwork-" + artwork, persistenceIds);
            Assert.Contains(persistenceIds, id => id.StartsWith("/sharding/artworkShard/", StringComparison.Ordinal)); // the shard's remembered entities
            Assert.Contains(persistenceIds, id => id.Contains("artworkCoordinator", StringComparison.Ordinal)); // the coordinator's remembered shards
        }

        // The same node again (same journal; a new port is fine: the stores are keyed by type and shard, not address).
        var second = StartSystem(journal: journal);
        Directory.Roster = Rosters.Of(Rosters.Epoch(2), AddressOf(second));
        var again = await ClusterTestNodes.StartAsync(second, Directory);
        await WaitUpAsync([again], [again.Address], TimeSpan.FromSeconds(20));
        await ClusterTestNodes.EventuallyAsync(async () =>
        {
            var stats = await again.Region.Ask<ClusterShardingStats>(new GetClusterShardingStats(TimeSpan.FromSeconds(2)), Ask);
            return stats.Regions.Values.Sum(r => r.Stats.GetValueOrDefault(artwork)) == 1;
        }, TimeSpan.FromSeconds(15), "the remembered artwork actor runs again without a message");
        Assert.Equal(0, again.Check.Runs);

        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "LightningDB");
    }
}
