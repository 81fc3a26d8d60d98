using Akka.Actor;
using Akka.Event;
using Fountain.Actors.Cluster;
using Xunit.Abstractions;

namespace Fountain.Actors.Tests.Cluster;

/// <summary>
/// A rebalance that meets a running check (CLUSTER.md, "Known limit"): a new epoch names another custodian for an artwork
/// whose check is running; the hand-off waits for the check, the asker gets its report, and then the shard moves.
/// </summary>
public sealed class HandOffMidCheckTests(ITestOutputHelper output) : ClusterTestKit(output)
{
    [Fact]
    public async Task A_check_that_spans_a_rebalance_completes_and_the_shard_then_moves()
    {
        var other = StartSystem();
        string[] all = [SysAddress, AddressOf(other)];
        Directory.Roster = Rosters.Of(Rosters.Epoch(1), all);
        // An artwork this node (Sys) is custodian of at epoch 1 and the other node at epoch 2.
        var artwork = Enumerable.Range(0, 1000).Select(i => Rosters.ArtworkId("moving-" + i)).First(a =>
            PreferredAt(1, a, all) == SysAddress && PreferredAt(2, a, all) == all[1]);

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registered = new HashSet<string> { artwork };
        var nodes = new List<ClusterTestNode>
        {
            await ScriptedClusterNodes.StartAsync(Sys, Directory, self => new ScriptedClusterCheck(self, registered, async (_, cancellation) =>
            {
                started.TrySetResult();
                await gate.Task.WaitAsync(cancellation);
            })),
            await ScriptedClusterNodes.StartAsync(other, Directory, self => new ScriptedClusterCheck(self, registered)),
        };
        await WaitFormedAsync(nodes, all, TimeSpan.FromSeconds(30));

        var warnings = CreateTestProbe();
        Sys.EventStream.Subscribe(warnings.Ref, typeof(Warning));
        var asker = CreateTestProbe();
        nodes[0].Region.Tell(new Fountain.Actors.Artworks.CheckArtwork(artwork, 1), asker.Ref);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(20));

        // The epoch moves while the check runs: the coordinator rebalances the shard to the other node.
        Directory.Roster = Rosters.Of(Rosters.Epoch(2), all);
        foreach (var node in nodes) node.Guard!.Tell(RefreshRoster.Instance);
        warnings.FishForMessage(m => m is Warning w && w.Message.ToString()!.Contains("hand-off waits", StringComparison.Ordinal) && w.Message.ToString()!.Contains(artwork, StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));

        gate.SetResult();
        var report = asker.ExpectMsg<object>(TimeSpan.FromSeconds(10));
        Assert.Equal(SysAddress, Assert.IsType<ClusterTestReport>(report).RanOn); // the check finished, not cut off

        await ClusterTestNodes.EventuallyAsync(async () => (await nodes[0].ShardHomesAsync(TimeSpan.FromSeconds(2))).GetValueOrDefault(artwork) == all[1],
            TimeSpan.FromSeconds(30), "the shard on the epoch's new custodian");
        Assert.Equal(all[1], (await nodes[0].CheckAsync(artwork, Ask)).RanOn);
    }

    private static string? PreferredAt(long epoch, string artwork, string[] all)
    {
        var rule = new RosterCustodyRule();
        rule.Update(Rosters.Of(Rosters.Epoch(epoch), all));
        return rule.Preferred(artwork, all);
    }
}
