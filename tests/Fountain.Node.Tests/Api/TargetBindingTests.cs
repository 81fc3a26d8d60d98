using System.Net;
using Fountain.Chain.Identity;
using Fountain.Node.Client;
using Fountain.Node.Tests.Support;

namespace Fountain.Node.Tests.Api;

/// <summary>
/// Issue 12, hole 5: a signed request names the node it is for. Replayed, unchanged, to any other node it is refused
/// there (and writes nothing), so one captured upload or store session cannot be repeated on other nodes.
/// </summary>
public sealed class TargetBindingTests
{
    [Fact]
    public async Task A_block_upload_signed_for_one_holder_is_refused_when_replayed_to_another_holder()
    {
        await using var nodes = await TestNodes.StartAsync(6);
        var block = TestBlocks.Make(1, seed: 11)[0];
        var holders = await nodes.HoldersOfAsync(block.Id, 3);
        int first = nodes.IndexOf(holders[0]), second = nodes.IndexOf(holders[1]);
        int uploader = Enumerable.Range(0, 6).First(i => !holders.Contains(nodes[i].NodeId));

        using var capture = new RequestCapture();
        using var http = capture.CreateClient();
        var stored = await new NodeClient(http, nodes[first].Endpoint, nodes[uploader].Key, nodes.Clock).PutBlockAsync(block.Id, block.Bytes);
        Assert.Equal("stored", stored.Outcome);

        var replayed = await capture.ReplayTo(nodes.Http, nodes[second].Endpoint);
        Assert.False((int)replayed is >= 200 and < 300, $"the replay was accepted ({replayed})");
        Assert.Equal(0, nodes[second].Storage.BlockCount);
        Assert.Equal(1, nodes[first].Storage.BlockCount);
        // The node the request was for still refuses it a second time (the nonce).
        Assert.Equal(HttpStatusCode.Unauthorized, await capture.ReplayTo(nodes.Http, nodes[first].Endpoint));
    }

    [Fact]
    public async Task A_read_signed_for_one_node_is_refused_by_another()
    {
        await using var nodes = await TestNodes.StartAsync(2);
        using var capture = new RequestCapture();
        using var http = capture.CreateClient();
        await new NodeClient(http, nodes[0].Endpoint, nodes[1].Key, nodes.Clock).GetStatusAsync();
        var replayed = await capture.ReplayTo(nodes.Http, nodes[1].Endpoint);
        Assert.False((int)replayed is >= 200 and < 300, $"the replay was accepted ({replayed})");
    }
}
