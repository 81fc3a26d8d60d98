using Fountain.Chain.Identity;
using Fountain.Node.Client;
using Fountain.Node.Tests.Support;

namespace Fountain.Node.Tests.Api;

/// <summary>
/// The anti-outsourcing rule (Api.HolderReadRule): a node refuses a block's bytes and range hashes to a masternode that
/// placement names as one of the block's holders, says why (403), and counts it in /status; other masternodes, the
/// artwork's owner and HEAD requests are served as before, and so is a block whose artwork has no ticket yet (to members).
/// </summary>
public sealed class HolderReadRuleTests
{
    [Fact]
    public async Task A_placed_holder_is_refused_the_bytes_and_range_hashes_of_its_own_blocks_and_others_are_served()
    {
        await using var nodes = await TestNodes.StartAsync(6); // 3 holders per block of 6 nodes: 3 placed, 3 not
        using var owner = NodeKey.Create();
        var block = TestBlocks.Make(1, seed: 5)[0];
        var holders = await nodes.HoldersOfAsync(block.Id, 3);
        int server = nodes.IndexOf(holders[0]), otherHolder = nodes.IndexOf(holders[1]);
        int outsider = Enumerable.Range(0, 6).First(i => !holders.Contains(nodes[i].NodeId));
        await nodes.Client(server, nodes[outsider].Key).PutBlockAsync(block.Id, block.Bytes);

        // Pending (no ticket, so no placement on the chain yet): served to anyone allowed to read.
        Assert.Equal(block.Bytes, await nodes.Client(server, nodes[otherHolder].Key).GetBlockAsync(block.Id));

        await nodes.RegisterArtworkAsync(owner, [block]);
        var asHolder = nodes.Client(server, nodes[otherHolder].Key);
        var refused = await Assert.ThrowsAsync<NodeRequestException>(() => asHolder.GetBlockAsync(block.Id));
        Assert.Equal(403, (int?)refused.StatusCode);
        Assert.Contains("placed holder", refused.Reason);
        await Refusals.AssertStatus(403, () => asHolder.HashRangeAsync(block.Id, 0, 100));
        Assert.Equal(block.Bytes.Length, await asHolder.HeadBlockAsync(block.Id));

        // Members with no role for the block (not custodian, not challenger) are refused too: ReadRoleTests.
        Assert.Equal(block.Bytes, await nodes.Client(server, owner).GetBlockAsync(block.Id));
        Assert.Equal(block.Bytes, await nodes.Client(server, nodes[server].Key).GetBlockAsync(block.Id)); // itself

        var status = await nodes.Client(server, nodes[outsider].Key).GetStatusAsync();
        Assert.Equal(2, status.RefusedHolderReads);
        Assert.Equal(2, status.Refusals!["placed-holder-read"]);
        Assert.Equal(0, (await nodes.Client(outsider, nodes[server].Key).GetStatusAsync()).RefusedHolderReads);
    }
}
