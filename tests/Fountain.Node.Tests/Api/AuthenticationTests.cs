using System.Net;
using Fountain.Testing;
using Fountain.Chain.Identity;
using Fountain.Codec.Hashing;
using Fountain.Node.Protocol;
using Fountain.Node.Tests.Support;

namespace Fountain.Node.Tests.Api;

/// <summary>Every refused request (401, 403, 413) writes nothing: the node's block count, bytes and files stay as they were.</summary>
public sealed class AuthenticationTests
{
    private static async Task AssertNothingWritten(TestNodes nodes, int node)
    {
        Assert.Equal(0, nodes[node].Storage.BlockCount);
        Assert.Equal(0, nodes[node].Storage.UsedBytes);
        var blocks = Path.Combine(nodes[node].Settings.DataFolder, "blocks");
        Assert.Empty(Directory.EnumerateFiles(blocks, "*", SearchOption.AllDirectories));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Unsigned_forged_tampered_stale_and_replayed_requests_get_401_and_write_nothing()
    {
        await using var nodes = await TestNodes.StartAsync(3);
        var block = TestBlocks.Make(1)[0];
        var path = $"/blocks/{block.Id}";
        var signer = nodes[0].Key;
        string bodyHash = Sha3.HashHex(block.Bytes);

        // Unsigned.
        Assert.Equal(HttpStatusCode.Unauthorized, await nodes.SendRawAsync(1, HttpMethod.Put, path, block.Bytes, null));
        // Forged: a registered masternode's key, a signature by another key.
        using var forger = NodeKey.Create();
        var forged = RequestSigning.Sign(forger, nodes.Target(1), "PUT", path, bodyHash, block.Bytes.Length, nodes.Now) with { PublicKeyBase64 = signer.PublicKeyBase64 };
        Assert.Equal(HttpStatusCode.Unauthorized, await nodes.SendRawAsync(1, HttpMethod.Put, path, block.Bytes, forged));
        // Tampered: signed for another body, another path, another method.
        var otherBody = (byte[])block.Bytes.Clone();
        otherBody[^1] ^= 1;
        // (a body other than the one signed is read only once the signature checks, and refused then: 400)
        Assert.Equal(HttpStatusCode.BadRequest, await nodes.SendRawAsync(1, HttpMethod.Put, path, otherBody, RequestSigning.Sign(signer, nodes.Target(1), "PUT", path, bodyHash, block.Bytes.Length, nodes.Now)));
        Assert.Equal(HttpStatusCode.Unauthorized, await nodes.SendRawAsync(1, HttpMethod.Put, path, block.Bytes, RequestSigning.Sign(signer, nodes.Target(1), "PUT", path + "?x=1", bodyHash, block.Bytes.Length, nodes.Now)));
        Assert.Equal(HttpStatusCode.Unauthorized, await nodes.SendRawAsync(1, HttpMethod.Put, path, block.Bytes, RequestSigning.Sign(signer, nodes.Target(1), "POST", path, bodyHash, block.Bytes.Length, nodes.Now)));
        // Malformed headers.
        var good = RequestSigning.Sign(signer, nodes.Target(1), "PUT", path, bodyHash, block.Bytes.Length, nodes.Now);
        Assert.Equal(HttpStatusCode.Unauthorized, await nodes.SendRawAsync(1, HttpMethod.Put, path, block.Bytes, good with { Nonce = "not-hex" }));
        Assert.Equal(HttpStatusCode.Unauthorized, await nodes.SendRawAsync(1, HttpMethod.Put, path, block.Bytes, good with { SignatureBase64 = "!!!" }));
        // Stale, either way beyond the skew (30 s by default).
        var skew = nodes[1].Settings.ClockSkew;
        Assert.Equal(HttpStatusCode.Unauthorized, await nodes.SendRawAsync(1, HttpMethod.Put, path, block.Bytes,
            RequestSigning.Sign(signer, nodes.Target(1), "PUT", path, bodyHash, block.Bytes.Length, nodes.Now - (long)skew.TotalMilliseconds - 1)));
        Assert.Equal(HttpStatusCode.Unauthorized, await nodes.SendRawAsync(1, HttpMethod.Put, path, block.Bytes,
            RequestSigning.Sign(signer, nodes.Target(1), "PUT", path, bodyHash, block.Bytes.Length, nodes.Now + (long)skew.TotalMilliseconds + 1)));
        await AssertNothingWritten(nodes, 1);

        // The same client with a clock far off is refused; then a good request passes once and its replay does not.
        var late = new ManualClock(nodes.Clock.GetUtcNow() - TimeSpan.FromMinutes(5));
        await Refusals.AssertStatus(401, () => nodes.Client(1, signer, late).PutBlockAsync(block.Id, block.Bytes));
        await AssertNothingWritten(nodes, 1);
        var once = RequestSigning.Sign(signer, nodes.Target(1), "PUT", path, bodyHash, block.Bytes.Length, nodes.Now);
        Assert.Equal(HttpStatusCode.Created, await nodes.SendRawAsync(1, HttpMethod.Put, path, block.Bytes, once));
        Assert.Equal(HttpStatusCode.Unauthorized, await nodes.SendRawAsync(1, HttpMethod.Put, path, block.Bytes, once));
        Assert.Equal(1, nodes[1].Storage.BlockCount);
        var get = RequestSigning.Sign(signer, nodes.Target(1), "GET", path, RequestSigning.EmptyBodyHashHex, 0, nodes.Now);
        Assert.Equal(HttpStatusCode.OK, await nodes.SendRawAsync(1, HttpMethod.Get, path, null, get));
        Assert.Equal(HttpStatusCode.Unauthorized, await nodes.SendRawAsync(1, HttpMethod.Get, path, null, get));
    }

    [Fact]
    public async Task Oversized_bodies_get_413_and_write_nothing()
    {
        await using var nodes = await TestNodes.StartAsync(3, s => s with { MaxBlockPayloadBytes = 4096, MaxArchiveBytes = 64 * 1024 });
        var signer = nodes[0].Key;
        var big = new byte[4096 + 96 + 1];
        var id = Sha3.Hash(big);
        var path = $"/blocks/{id}";
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await nodes.SendRawAsync(1, HttpMethod.Put, path, big, RequestSigning.Sign(signer, nodes.Target(1), "PUT", path, Sha3.HashHex(big), big.Length, nodes.Now)));
        await Refusals.AssertStatus(413, () => nodes.Client(1, signer).PutBlockAsync(id, big));
        // A body on a request that takes none.
        var get = $"/blocks/{id}";
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await nodes.SendRawAsync(1, HttpMethod.Get, get, [1], RequestSigning.Sign(signer, nodes.Target(1), "GET", get, Sha3.HashHex([1]), 1, nodes.Now)));
        // An archive over the limit: the temporary file is gone too.
        var archive = new byte[64 * 1024 + 1];
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await nodes.SendRawAsync(1, HttpMethod.Post, "/artworks", archive, RequestSigning.Sign(signer, nodes.Target(1), "POST", "/artworks", Sha3.HashHex(archive), archive.Length, nodes.Now)));
        Assert.False(Directory.Exists(Path.Combine(nodes[1].Settings.DataFolder, "incoming"))); // no file was ever begun
        await AssertNothingWritten(nodes, 1);
    }

    [Fact]
    public async Task A_valid_signature_by_a_key_that_is_not_a_masternode_gets_403_for_uploads_and_status()
    {
        await using var nodes = await TestNodes.StartAsync(3);
        using var stranger = NodeKey.Create();
        var block = TestBlocks.Make(1)[0];
        var client = nodes.Client(1, stranger);
        await Refusals.AssertStatus(403, () => client.PutBlockAsync(block.Id, block.Bytes));
        await Refusals.AssertStatus(403, () => client.GetStatusAsync());
        // A masternode under penalty may still read, but may not place blocks of an artwork not on the chain.
        nodes.Chain.Penalise(nodes[0].NodeId, nodes.Chain.Height + 100);
        nodes.RefreshMemberships();
        var penalised = nodes.Client(1, nodes[0].Key);
        await Refusals.AssertStatus(403, () => penalised.PutBlockAsync(block.Id, block.Bytes));
        Assert.Equal(nodes[1].NodeId, (await penalised.GetStatusAsync()).NodeId);
        await AssertNothingWritten(nodes, 1);
    }

    [Fact]
    public void The_nonce_cache_refuses_replays_until_they_expire_and_refuses_new_nonces_when_full_rather_than_forget_live_ones()
    {
        var clock = new ManualClock();
        var cache = new NonceCache(strangerEntries: 2, entriesPerSigner: 3, clockSkew: TimeSpan.FromSeconds(30), clock);
        Assert.Equal(NonceOutcome.Recorded, cache.TryRecord("a", "1", stranger: true));
        Assert.Equal(NonceOutcome.Replayed, cache.TryRecord("a", "1", stranger: true));
        Assert.Equal(NonceOutcome.Recorded, cache.TryRecord("b", "1", stranger: true)); // nonces are per signer
        Assert.Equal(NonceOutcome.Full, cache.TryRecord("a", "2", stranger: true)); // the strangers' pool is full
        // Members draw on no shared pool: only their own quota bounds them.
        foreach (var n in new[] { "x", "y", "z" }) Assert.Equal(NonceOutcome.Recorded, cache.TryRecord("m", n, stranger: false));
        Assert.Equal(NonceOutcome.SignerFull, cache.TryRecord("m", "w", stranger: false));
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(NonceOutcome.Replayed, cache.TryRecord("a", "1", stranger: true));
        clock.Advance(TimeSpan.FromSeconds(1)); // 2 × skew: the timestamp it came with can no longer pass
        Assert.Equal(NonceOutcome.Recorded, cache.TryRecord("a", "2", stranger: true));
        Assert.Equal(NonceOutcome.Recorded, cache.TryRecord("m", "w", stranger: false));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void The_signed_bytes_are_exactly_the_documented_format()
    {
        var bytes = RequestSigning.SignedBytes("http://127.0.0.1:7100/", "put", "/blocks/ab?x=1", "e3", 17, 1234, "00112233445566778899aabbccddeeff");
        Assert.Equal("fountain/req/v2\nhttp://127.0.0.1:7100/\nPUT\n/blocks/ab?x=1\ne3\n17\n1234\n00112233445566778899aabbccddeeff", System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Equal("http://127.0.0.1:7100/", RequestSigning.TargetOf(new Uri("http://LOCALHOST:7100/some/path")));
        Assert.Equal("a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a", RequestSigning.EmptyBodyHashHex); // SHA3-256("")
        Assert.True(RequestSigning.IsWellFormedNonce(RequestSigning.NewNonce()));
        Assert.NotEqual(RequestSigning.NewNonce(), RequestSigning.NewNonce());
    }

    [Fact]
    public async Task When_the_chain_cannot_be_read_requests_that_need_it_get_503_and_write_nothing()
    {
        await using var nodes = await TestNodes.StartAsync(3);
        var block = TestBlocks.Make(1)[0];
        nodes.Chain.Unreachable = true;
        nodes.RefreshMemberships();
        var client = nodes.Client(1, nodes[0].Key);
        await Refusals.AssertStatus(503, () => client.PutBlockAsync(block.Id, block.Bytes));
        await Refusals.AssertStatus(503, () => client.GetStatusAsync());
        await AssertNothingWritten(nodes, 1);
        nodes.Chain.Unreachable = false;
        Assert.Equal("stored", (await client.PutBlockAsync(block.Id, block.Bytes)).Outcome);
    }
}
