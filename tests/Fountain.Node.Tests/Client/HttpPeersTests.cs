using Fountain.Chain.Identity;
using Fountain.Chain.Model;
using Fountain.Codec.Hashing;
using Fountain.Node.Client;
using Fountain.Node.Protocol;

namespace Fountain.Node.Tests.Client;

public sealed class HttpPeersTests
{
    [Fact]
    public async Task A_peer_registered_with_an_unusable_endpoint_fails_its_task_instead_of_throwing_before_it_exists()
    {
        // The challenger actor pipes AskChallengeAsync's task to itself: a synchronous throw there would crash the actor.
        using var http = NodeClient.CreateHttpClient();
        using var key = NodeKey.Create();
        var peers = new HttpPeers(http, key, TimeProvider.System, new NodeClientOptions());
        var broken = new Masternode(new string('b', 64), "", "not a url", 1, 0, null, 0);
        var block = Sha3.Hash([1, 2, 3]);

        var asks = new Task[]
        {
            peers.AskChallengeAsync(broken, new StorageChallenge(1, key.Id, broken.Id, block.ToString(), block.ToString(), 0, 1), default),
            peers.VerifyAmendmentAsync(broken, new VerifyAmendmentRequest(block.ToString(), 1, 0, key.Id, "test", []), TimeSpan.FromSeconds(5), default),
            peers.GetBlockAsync(broken, block, default),
            peers.PutBlockAsync(broken, block, new byte[] { 1, 2, 3 }, default),
            peers.ListArtworkBlocksAsync(broken, block, default),
            peers.HashRangeAsync(broken, block, 0, 1, default),
        };

        foreach (var ask in asks) Assert.Contains("no valid endpoint", (await Assert.ThrowsAsync<NodeRequestException>(() => ask)).Message);
    }
}
