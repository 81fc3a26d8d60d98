using System.Security.Cryptography;
using Fountain.Chain.Identity;
using Fountain.Node.Client;
using Fountain.Node.Tests.Support;

namespace Fountain.Node.Tests.Api;

/// <summary>The API over real Kestrel (HTTP/2 on 127.0.0.1, ephemeral ports) with a NodeClient.</summary>
public sealed class ApiRoundTripTests
{
    [Fact]
    public async Task A_masternode_puts_heads_gets_lists_and_challenges_blocks_and_status_reports_the_figures()
    {
        await using var nodes = await TestNodes.StartAsync(3); // r = 3: every node holds every block
        var blocks = TestBlocks.Make(4);
        var client = nodes.Client(1, nodes[0].Key);

        foreach (var b in blocks)
        {
            var put = await client.PutBlockAsync(b.Id, b.Bytes);
            Assert.Equal(("stored", true), (put.Outcome, put.Pending)); // no ticket yet: pending
        }
        Assert.Equal("already-held", (await client.PutBlockAsync(blocks[0].Id, blocks[0].Bytes)).Outcome);

        Assert.Equal(blocks[2].Bytes, await client.GetBlockAsync(blocks[2].Id));
        Assert.Equal(blocks[2].Bytes.Length, await client.HeadBlockAsync(blocks[2].Id));
        var absent = TestBlocks.Make(1, seed: 99)[0].Id;
        Assert.Null(await client.GetBlockAsync(absent));
        Assert.Null(await client.HeadBlockAsync(absent));

        var listing = await client.ListArtworkBlocksAsync(blocks[0].Header.ArtworkId);
        Assert.Equal(blocks.Select(b => (b.Id.ToString(), b.Header.BlockIndex, (long)b.Bytes.Length)), listing.Blocks.Select(h => (h.BlockId, h.Index, h.Bytes)));
        Assert.False(listing.Truncated);

        var range = await client.HashRangeAsync(blocks[1].Id, 17, 1000);
        Assert.Equal(Convert.ToHexStringLower(SHA3_256.HashData(blocks[1].Bytes.AsSpan(17, 1000))), range!.Sha3);
        var outside = await Assert.ThrowsAsync<NodeRequestException>(() => client.HashRangeAsync(blocks[1].Id, blocks[1].Bytes.Length, 1));
        Assert.Equal(System.Net.HttpStatusCode.RequestedRangeNotSatisfiable, outside.StatusCode);
        Assert.Null(await client.HashRangeAsync(absent, 0, 1));

        var status = await client.GetStatusAsync();
        Assert.Equal(nodes[1].NodeId, status.NodeId);
        Assert.Equal(nodes[1].Endpoint.ToString(), status.Endpoint);
        Assert.Equal(blocks.Sum(b => (long)b.Bytes.Length), status.UsedBytes);
        Assert.Equal(status.TotalBytes - status.UsedBytes, status.FreeBytes);
        Assert.Equal((4L, status.UsedBytes), (status.BlockCount, status.PendingBytes));
        Assert.Equal(nodes.Chain.Height, status.HeightSeen);
    }

    [Fact]
    public async Task An_owner_reads_the_blocks_of_its_own_artwork_and_nothing_else()
    {
        await using var nodes = await TestNodes.StartAsync(3);
        using var owner = NodeKey.Create();
        using var stranger = NodeKey.Create();
        var mine = TestBlocks.Make(2, seed: 1);
        var theirs = TestBlocks.Make(1, seed: 2);
        var masternode = nodes.Client(0, nodes[1].Key);
        foreach (var b in mine.Concat(theirs)) await masternode.PutBlockAsync(b.Id, b.Bytes);
        await nodes.RegisterArtworkAsync(owner, mine);

        var asOwner = nodes.Client(0, owner);
        Assert.Equal(mine[0].Bytes, await asOwner.GetBlockAsync(mine[0].Id));
        Assert.Equal(2, (await asOwner.ListArtworkBlocksAsync(mine[0].Header.ArtworkId)).Blocks.Count);
        Assert.NotNull(await asOwner.HashRangeAsync(mine[1].Id, 0, 10));
        await Refusals.AssertStatus(403, () => asOwner.GetBlockAsync(theirs[0].Id));
        await Refusals.AssertStatus(403, () => asOwner.ListArtworkBlocksAsync(theirs[0].Header.ArtworkId));
        await Refusals.AssertStatus(403, () => asOwner.GetStatusAsync());
        var asStranger = nodes.Client(0, stranger);
        await Refusals.AssertStatus(403, () => asStranger.GetBlockAsync(mine[0].Id));
        await Refusals.AssertStatus(403, () => asStranger.HeadBlockAsync(mine[0].Id));
        await Refusals.AssertStatus(403, () => asStranger.GetBlockAsync(TestBlocks.Make(1, seed: 77)[0].Id)); // not even "not found"
    }
}
