using System.Net;
using Fountain.Chain.Identity;
using Fountain.Node.Client;
using Fountain.Node.Protocol;
using Fountain.Node.Tests.Support;

namespace Fountain.Node.Tests.Api;

/// <summary>
/// Issue 12, hole 6: a node spends no store slot, disk or replay-cache room on a request before its signature has
/// verified, and bounds what any one signer (or the crowd of keys that are no masternode) can take.
/// </summary>
public sealed class WorkBeforeAuthenticationTests
{
    private static readonly TimeSpan SlowWait = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_dozen_slow_forged_uploads_do_not_lock_the_owner_out_of_storing()
    {
        await using var nodes = await TestNodes.StartAsync(3, s => s with { MaxStoreSessions = 2 });
        using var owner = NodeKey.Create();
        var forged = Enumerable.Range(0, 12)
            .Select(_ => SlowUpload.Forged(nodes.Http, nodes[0].Endpoint, owner.PublicKeyBase64, nodes.Now, 1L << 30)).ToList();
        try
        {
            // Each is answered (401) without its body being read; before the fix each took a store slot and waited for its body.
            foreach (var upload in forged) Assert.Equal(HttpStatusCode.Unauthorized, await upload.StatusWithin(SlowWait));
            Assert.False(Directory.Exists(Path.Combine(nodes[0].Settings.DataFolder, "incoming"))); // no file was ever begun

            using var folder = new TempFolder();
            var path = folder.Sub("archive.tar.zst");
            await File.WriteAllBytesAsync(path, TestBlocks.Archive(50_000, seed: 3));
            var draft = await nodes.Client(0, owner).StoreArchiveAsync(path);
            Assert.Equal(owner.PublicKeyBase64, draft.OwnerPublicKey);
        }
        finally
        {
            foreach (var upload in forged) await upload.DisposeAsync();
        }
    }

    [Fact]
    public async Task Strangers_flooding_the_replay_cache_do_not_make_a_masternode_get_503()
    {
        await using var nodes = await TestNodes.StartAsync(2, s => s with { NonceCacheEntries = 16 });
        // Valid signatures from keys that are no masternode (free to make): each is refused (403) but spent a nonce slot.
        for (int i = 0; i < 40; i++)
        {
            using var stranger = NodeKey.Create();
            var refused = await Assert.ThrowsAsync<NodeRequestException>(() => nodes.Client(1, stranger).GetStatusAsync());
            Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        }
        using var persistent = NodeKey.Create();
        for (int i = 0; i < 40; i++)
            await Assert.ThrowsAsync<NodeRequestException>(() => nodes.Client(1, persistent).GetStatusAsync());

        var status = await nodes.Client(1, nodes[0].Key).GetStatusAsync();
        Assert.Equal(nodes[1].NodeId, status.NodeId);
    }

    [Fact]
    public async Task One_key_uploading_slowly_holds_at_most_its_own_share_of_the_store_slots()
    {
        await using var nodes = await TestNodes.StartAsync(3, s => s with { MaxStoreSessions = 2, MaxStoreSessionsPerSigner = 1 });
        using var stranger = NodeKey.Create();
        using var owner = NodeKey.Create();
        // Validly signed (any key may store), declaring a large body it then sends slowly.
        var uploads = Enumerable.Range(0, 3).Select(_ =>
        {
            var credentials = RequestSigning.Sign(stranger, nodes.Target(0), "POST", "/artworks", new string('a', 64), 1L << 20, nodes.Now);
            using var carrier = new HttpRequestMessage();
            RequestSigning.AddHeaders(carrier, credentials);
            return SlowUpload.WithHeaders(nodes.Http, nodes[0].Endpoint, "/artworks", carrier.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value.Single())));
        }).ToList();
        try
        {
            var answered = new List<HttpStatusCode?>();
            foreach (var upload in uploads) answered.Add(await upload.StatusWithin(SlowWait));
            Assert.Equal(2, answered.Count(s => s == HttpStatusCode.TooManyRequests)); // the second and third: one slot per signer
            using var folder = new TempFolder();
            var path = folder.Sub("archive.tar.zst");
            await File.WriteAllBytesAsync(path, TestBlocks.Archive(50_000, seed: 4));
            var draft = await nodes.Client(0, owner).StoreArchiveAsync(path);
            Assert.Equal(owner.PublicKeyBase64, draft.OwnerPublicKey);
            Assert.Equal(2, (await nodes.Client(0, nodes[1].Key).GetStatusAsync()).Refusals!["signer-store-sessions-busy"]);
        }
        finally
        {
            foreach (var upload in uploads) await upload.DisposeAsync();
        }
    }
}
