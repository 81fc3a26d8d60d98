using Fountain.Node.Client;
using Fountain.Node.Tests.Support;

namespace Fountain.Node.Tests.Hosting;

public sealed class NodeHostTests
{
    [Fact]
    public async Task A_node_registers_once_reports_each_new_height_and_a_restart_keeps_its_identity_and_blocks()
    {
        await using var nodes = await TestNodes.StartAsync(1, s => s with { HoldersPerBlock = 1 });
        var id = nodes[0].NodeId;
        var registered = Assert.Single(await nodes.Chain.GetMasternodesAsync());
        Assert.Equal((id, nodes[0].Endpoint.ToString()), (registered.Id, registered.Endpoint));
        Assert.True(File.Exists(Path.Combine(nodes[0].Settings.DataFolder, "node.key")));

        var blocks = TestBlocks.Make(5);
        var client = nodes.Client(0, nodes[0].Key);
        foreach (var b in blocks) await client.PutBlockAsync(b.Id, b.Bytes);

        await nodes[0].Reporter.RunOnceAsync(default);
        await nodes[0].Reporter.RunOnceAsync(default); // same height: no second report
        nodes.Chain.Advance();
        nodes.RefreshMemberships();
        await nodes[0].Reporter.RunOnceAsync(default);
        var reports = nodes.Chain.Reports;
        Assert.Equal([1L, 2L], reports.Select(r => r.Height));
        var used = blocks.Sum(b => (long)b.Bytes.Length);
        Assert.Equal((256L << 20, used, (256L << 20) - used), (reports[1].Report.TotalBytes, reports[1].Report.UsedBytes, reports[1].Report.FreeBytes));

        var services = nodes[0].Services;
        var oldEndpoint = nodes[0].Endpoint;
        await nodes.StopAsync(0);
        Assert.Equal(0, services.Actors.Dispatchers.LiveThreads); // the codec threads are joined
        Assert.Equal(0, services.Actors.ActiveTimers);
        Assert.Equal(0, nodes.Clock.ActiveTimers); // the reporter's timer is gone
        using var anyone = Fountain.Chain.Identity.NodeKey.Create();
        var refused = await Assert.ThrowsAsync<NodeRequestException>(() => new NodeClient(nodes.Http, oldEndpoint, anyone).GetStatusAsync());
        Assert.Null(refused.StatusCode); // nothing listens any more

        var restarted = await nodes.RestartAsync(0);
        Assert.Equal(id, restarted.NodeId);
        Assert.Equal(oldEndpoint, restarted.Endpoint); // asked for any port, it takes the one the chain lists it at
        Assert.Single(await nodes.Chain.GetMasternodesAsync()); // not registered twice
        Assert.Equal((5L, used), (restarted.Storage.BlockCount, restarted.Storage.UsedBytes));
        var again = new NodeClient(nodes.Http, restarted.Endpoint, restarted.Key, nodes.Clock);
        foreach (var b in blocks) Assert.Equal(b.Bytes, await again.GetBlockAsync(b.Id));
    }
}
