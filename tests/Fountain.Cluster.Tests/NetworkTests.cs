using Fountain.Chain.Identity;
using Fountain.Codec.Archive;
using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;
using Fountain.Node.Client;
using Fountain.Node.Cluster;
using Fountain.Node.Owner;
using Fountain.Node.Retrieval;

namespace Fountain.Cluster.Tests;

/// <summary>
/// Real nodes (Kestrel on 127.0.0.1, ephemeral ports) and a development chain served over HTTP, all in this test
/// process: storing, retrieving, and the failures issue 4 lists. Each test builds its own cluster in a temporary folder.
/// </summary>
[Collection(NetworkCollection.Name)]
public sealed class NetworkTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("fountain-cluster-tests-").FullName;
    private readonly HttpClient _http = NodeClient.CreateHttpClient();
    private readonly NodeKey _owner = NodeKey.Create();
    private LocalCluster? _cluster;

    private static readonly LtLayoutPolicy SmallBlocks = new() { MaxBlockBytes = 64 * 1024 };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        _http.Dispose();
        _owner.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private async Task<LocalCluster> Start(int nodes, int holdersPerBlock)
    {
        _cluster = await LocalCluster.StartAsync(new LocalClusterOptions
        {
            DataFolder = Path.Combine(_root, "cluster"),
            Nodes = nodes,
            ChainListen = "http://127.0.0.1:0",
            FirstNodePort = 0,
            // A short request timeout: a node stopped mid-request must cost seconds, not the default half minute per request.
            ConfigureNode = (_, s) => s with
            {
                HoldersPerBlock = holdersPerBlock, Layout = SmallBlocks, RequestTimeout = TimeSpan.FromSeconds(5),
                MembershipRefresh = TimeSpan.FromMilliseconds(200), TicketCacheTtl = TimeSpan.FromMilliseconds(200),
            },
        });
        await _cluster.FundAsync(_owner, 10_000 * 100_000_000L);
        return _cluster;
    }

    private (string Path, byte[] Archive) Archive(int bytes)
    {
        var input = Path.Combine(_root, "input");
        Directory.CreateDirectory(input);
        var data = new byte[bytes];
        new Random(bytes).NextBytes(data);
        File.WriteAllBytes(Path.Combine(input, "art.bin"), data);
        var packed = ArchivePacker.Pack([input], 3);
        var path = Path.Combine(_root, "archive.tar.zst");
        File.WriteAllBytes(path, packed.Bytes);
        return (path, packed.Bytes);
    }

    private ArtworkOwner Owner(LocalCluster cluster) => new(cluster.ChainClient, _owner, _http);

    [Fact(Timeout = NetworkCollection.TestTimeoutMilliseconds)]
    public async Task An_archive_stored_through_a_masternode_is_registered_and_comes_back_bit_exact()
    {
        var cluster = await Start(nodes: 5, holdersPerBlock: 3);
        var (path, archive) = Archive(400_000);
        var stored = await Owner(cluster).StoreThroughNodeAsync(path, new StoreOptions());
        Assert.Equal(Sha3.Hash(archive).ToString(), stored.ArtworkId);
        Assert.Equal(stored.Blocks, stored.BlocksPlaced);
        var ticket = await cluster.ChainClient.GetTicketAsync(stored.ArtworkId);
        Assert.NotNull(ticket);
        Assert.Equal(_owner.PublicKeyBase64, ticket!.OwnerPublicKey);

        var retrieved = await Owner(cluster).RetrieveAsync(Hash256.Parse(stored.ArtworkId));
        Assert.True(retrieved.Complete);
        Assert.Equal(archive, retrieved.Archive.ToArray());
    }

    [Fact(Timeout = NetworkCollection.TestTimeoutMilliseconds)]
    public async Task Local_encoding_registers_then_uploads_and_the_artwork_comes_back()
    {
        var cluster = await Start(nodes: 4, holdersPerBlock: 2);
        var (_, archive) = Archive(150_000);
        var stored = await Owner(cluster).StoreWithLocalEncodingAsync(archive, new Fountain.Codec.Artwork.EncodeOptions { Layout = SmallBlocks }, new StoreOptions { HoldersPerBlock = 2 });
        Assert.Equal(stored.Blocks, stored.BlocksPlaced);
        var retrieved = await Owner(cluster).RetrieveAsync(Hash256.Parse(stored.ArtworkId));
        Assert.Equal(archive, retrieved.Archive.ToArray());
    }

    [Fact(Timeout = NetworkCollection.TestTimeoutMilliseconds)]
    public async Task With_nine_of_twelve_nodes_stopped_the_artwork_still_comes_back()
    {
        var cluster = await Start(nodes: 12, holdersPerBlock: 10);
        var (path, archive) = Archive(300_000);
        var stored = await Owner(cluster).StoreThroughNodeAsync(path, new StoreOptions());
        for (int i = 0; i < 9; i++) await cluster.StopNodeAsync(i);
        var retrieved = await Owner(cluster).RetrieveAsync(Hash256.Parse(stored.ArtworkId), new RetrievalOptions { FetchTimeout = TimeSpan.FromSeconds(5) });
        Assert.True(retrieved.Complete);
        Assert.Equal(archive, retrieved.Archive.ToArray());
        Assert.True(retrieved.FetchesFailed > 0, "no fetch met a stopped node: the test did not test anything");
    }

    [Fact(Timeout = NetworkCollection.TestTimeoutMilliseconds)]
    public async Task Blocks_corrupted_on_disk_are_caught_and_their_holder_is_distrusted()
    {
        var cluster = await Start(nodes: 5, holdersPerBlock: 3);
        var (path, archive) = Archive(300_000);
        var stored = await Owner(cluster).StoreThroughNodeAsync(path, new StoreOptions());
        // Flip a byte in every block file node 0 holds: it now serves wrong bytes for everything.
        int corrupted = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(cluster.NodeFolder(0), "blocks"), "*", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(file);
            bytes[bytes.Length / 2] ^= 0x40;
            File.WriteAllBytes(file, bytes);
            corrupted++;
        }
        Assert.True(corrupted > 0);
        var retrieved = await Owner(cluster).RetrieveAsync(Hash256.Parse(stored.ArtworkId), new RetrievalOptions { OrderSeed = 3 });
        Assert.True(retrieved.Complete);
        Assert.Equal(archive, retrieved.Archive.ToArray());
    }

    [Fact(Timeout = NetworkCollection.TestTimeoutMilliseconds)]
    public async Task A_node_stopped_in_the_middle_of_a_retrieval_costs_time_not_correctness()
    {
        var cluster = await Start(nodes: 5, holdersPerBlock: 3);
        var (path, archive) = Archive(400_000);
        var stored = await Owner(cluster).StoreThroughNodeAsync(path, new StoreOptions());
        int stopped = 0;
        var progress = new SynchronousProgress<RetrievalProgress>(p =>
        {
            // At the first block used, stop two nodes while fetches are under way.
            if (Interlocked.Exchange(ref stopped, 1) == 0) _ = Task.WhenAll(cluster.StopNodeAsync(1), cluster.StopNodeAsync(2));
        });
        var retrieved = await Owner(cluster).RetrieveAsync(Hash256.Parse(stored.ArtworkId), new RetrievalOptions { MaxParallelFetches = 2, FetchTimeout = TimeSpan.FromSeconds(5) }, progress);
        Assert.True(retrieved.Complete);
        Assert.Equal(archive, retrieved.Archive.ToArray());
    }

    [Fact(Timeout = NetworkCollection.TestTimeoutMilliseconds)]
    public async Task A_stopped_and_restarted_node_still_serves_its_blocks()
    {
        var cluster = await Start(nodes: 3, holdersPerBlock: 3);
        var (path, archive) = Archive(100_000);
        var stored = await Owner(cluster).StoreThroughNodeAsync(path, new StoreOptions());
        await cluster.StopNodeAsync(0);
        await cluster.StopNodeAsync(1);
        await cluster.StartNodeAsync(0);
        await cluster.StopNodeAsync(2);
        // Only the restarted node 0 is up, and every block is on it (3 holders of 3 nodes).
        var retrieved = await Owner(cluster).RetrieveAsync(Hash256.Parse(stored.ArtworkId), new RetrievalOptions { FetchTimeout = TimeSpan.FromSeconds(5) });
        Assert.True(retrieved.Complete);
        Assert.Equal(archive, retrieved.Archive.ToArray());
    }

    [Fact(Timeout = NetworkCollection.TestTimeoutMilliseconds)]
    public async Task Holders_stopped_in_the_middle_of_an_upload_do_not_stop_the_store()
    {
        var cluster = await Start(nodes: 6, holdersPerBlock: 3);
        var (path, archive) = Archive(2_000_000);
        var storing = Owner(cluster).StoreThroughNodeAsync(path, new StoreOptions { EntryNodeId = cluster.Node(0).NodeId });
        await Task.Delay(50);
        await Task.WhenAll(cluster.StopNodeAsync(4), cluster.StopNodeAsync(5));
        var stored = await storing;
        Assert.True(stored.BlocksPlaced >= 0.9 * stored.Blocks);
        Assert.True(stored.Acknowledgements < stored.Blocks * 3, "every holder acknowledged every block: the stops came too late to test anything");
        var retrieved = await Owner(cluster).RetrieveAsync(Hash256.Parse(stored.ArtworkId), new RetrievalOptions { FetchTimeout = TimeSpan.FromSeconds(5) });
        Assert.Equal(archive, retrieved.Archive.ToArray());
    }

    /// <summary>Reports on the caller's thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}

/// <summary>
/// Real-network tests run one at a time (each starts many Kestrel servers) and each has a time limit, so a hang
/// fails its own test quickly instead of stalling the suite (xunit enforces timeouts only without parallelism).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NetworkCollection
{
    public const string Name = "real network";
    public const int TestTimeoutMilliseconds = 180_000;
}
