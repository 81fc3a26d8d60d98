using Fountain.Chain.Identity;
using Fountain.Chain.Model;
using Fountain.Chain.Transactions;
using Fountain.Codec.Archive;
using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;
using Fountain.Node.Client;
using Fountain.Node.Cluster;
using Fountain.Node.Owner;

namespace Fountain.Cluster.Tests.Attacks;

/// <summary>
/// Issue 12, hole 3 on a real cluster: the moment the archive leaves the owner for the entry node (which encodes it and
/// hands every holder a block header naming the artwork), a squatter registers the artwork id with a made-up length.
/// The owner's claim came first, so the squatter is refused and the owner's store ends registered to the owner.
/// </summary>
[Collection(NetworkCollection.Name)]
public sealed class ArtworkSquattingClusterTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("fountain-squatting-").FullName;
    private readonly HttpClient _http = NodeClient.CreateHttpClient();
    private readonly NodeKey _owner = NodeKey.Create();
    private readonly NodeKey _squatter = NodeKey.Create();
    private LocalCluster? _cluster;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        _http.Dispose();
        _owner.Dispose();
        _squatter.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>Runs each status line at once, on the caller's thread: the squatter acts exactly between the owner's steps.</summary>
    private sealed class InlineProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }

    [Fact(Timeout = NetworkCollection.TestTimeoutMilliseconds)]
    public async Task A_squatter_registering_the_id_as_the_archive_leaves_the_owner_is_refused_and_the_owner_registers()
    {
        _cluster = await LocalCluster.StartAsync(new LocalClusterOptions
        {
            DataFolder = Path.Combine(_root, "cluster"),
            Nodes = 4,
            ChainListen = "http://127.0.0.1:0",
            FirstNodePort = 0,
            ConfigureNode = (_, s) => s with { HoldersPerBlock = 2, Layout = new LtLayoutPolicy { MaxBlockBytes = 64 * 1024 } },
        });
        await _cluster.FundAsync(_owner, 10_000 * 100_000_000L);
        await _cluster.FundAsync(_squatter, 10_000 * 100_000_000L);
        var input = Directory.CreateDirectory(Path.Combine(_root, "input")).FullName;
        var data = new byte[120_000];
        new Random(5).NextBytes(data);
        File.WriteAllBytes(Path.Combine(input, "art.bin"), data);
        var archivePath = Path.Combine(_root, "archive.tar.zst");
        File.WriteAllBytes(archivePath, ArchivePacker.Pack([input], 3).Bytes);
        var artworkId = Sha3.Hash(File.ReadAllBytes(archivePath)).ToString();

        TransactionResult? squat = null;
        var squatter = new ChainSender(_cluster.ChainClient, _squatter);
        var progress = new InlineProgress(line =>
        {
            if (squat is not null || !line.StartsWith("sending the archive", StringComparison.Ordinal)) return;
            // 100 bytes, one symbol, one block: the smallest fee the chain takes.
            var madeUp = new RegisterArtwork(artworkId, new CodecParameters("v1", 100, 1, 128, 1, 0.03, 0.5), [new TicketBlock(1, artworkId)], 1, long.MaxValue);
            // Off the test's synchronization context: blocking its thread while the send's continuations wait for it hung the suite.
            squat = Task.Run(() => squatter.SendAsync(madeUp, CancellationToken.None)).GetAwaiter().GetResult();
        });
        var stored = await new ArtworkOwner(_cluster.ChainClient, _owner, _http).StoreThroughNodeAsync(archivePath, new StoreOptions(), progress);

        Assert.NotNull(squat);
        Assert.False(squat!.Accepted, "the squatter registered the artwork");
        Assert.StartsWith("claimed-artwork", squat.Rejection);
        var ticket = await _cluster.ChainClient.GetTicketAsync(stored.ArtworkId);
        Assert.Equal(_owner.PublicKeyBase64, ticket!.OwnerPublicKey);
    }
}
