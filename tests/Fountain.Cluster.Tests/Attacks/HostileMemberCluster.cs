using Fountain.Chain.Identity;
using Fountain.Chain.Model;
using Fountain.Chain.Selection;
using Fountain.Codec.Archive;
using Fountain.Codec.Blocks;
using Fountain.Codec.Artwork;
using Fountain.Codec.Hashing;
using Fountain.Node.Client;
using Fountain.Node.Cluster;
using Fountain.Node.Configuration;
using Fountain.Node.Healing;
using Fountain.Node.Hosting;
using Fountain.Node.Owner;
using Fountain.Actors.Holding;
using Fountain.Cluster.Tests.Healing;
using Fountain.Cluster.Tests.Membership;

namespace Fountain.Cluster.Tests.Attacks;

/// <summary>
/// Real masternodes in cluster mode (fixed ports, a chain that seals only when asked, so custody stays put) with their
/// healing loops on, for the attacks of a hostile cluster member: the test acts as that member through one node's
/// actor system. Helpers store an artwork, drop its redundancy by deleting blocks through honest holders, and judge
/// outcomes by ground truth (the chain's ticket, blocks fetched and verified).
/// </summary>
internal sealed class HostileMemberCluster : IAsyncDisposable
{
    private readonly string _root;
    private readonly HttpClient _http = NodeClient.CreateHttpClient();
    private readonly NodeKey _owner = NodeKey.Create();

    private HostileMemberCluster(string root, LocalCluster cluster)
    {
        _root = root;
        Cluster = cluster;
    }

    public LocalCluster Cluster { get; }

    public const int HoldersPerBlock = 2;

    /// <summary>The healing loop's interval in these tests, and the bound after which a check the sharded region did not take runs locally.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long a check may go untaken by the sharded region before the custodian runs it locally.</summary>
    public static readonly TimeSpan FallbackAfter = TimeSpan.FromSeconds(3);

    /// <summary>The oldest member (it runs the shard coordinator), as the first node sees the cluster.</summary>
    public NodeHost Oldest()
    {
        var oldest = MemberNodes.ClusterOf(Cluster.Node(0)).State.Members.Where(m => m.Status == Akka.Cluster.MemberStatus.Up)
            .OrderBy(m => m, Akka.Cluster.Member.AgeOrdering).First();
        return Cluster.RunningNodes.Single(n => n.ClusterAddress == oldest.Address.ToString());
    }

    /// <param name="allocation">Every member's shard allocation strategy (the oldest member's is the one used); null: the custody rule's.</param>
    public static async Task<HostileMemberCluster> StartAsync(int nodes, string name, Func<Fountain.Actors.Cluster.CustodyRule, Akka.Cluster.Sharding.IShardAllocationStrategy>? allocation = null)
    {
        var root = Directory.CreateTempSubdirectory($"fountain-{name}-").FullName;
        var clusterSettings = MemberNodes.QuickCluster;
        // As MemberNodes starts them (fixed ports, a chain that seals when asked), with healing on and a start option.
        var cluster = await LocalCluster.StartAsync(new LocalClusterOptions
        {
            DataFolder = Path.Combine(root, "cluster"),
            Nodes = nodes,
            ChainListen = "http://127.0.0.1:0",
            FirstNodePort = MemberNodes.FreePortRange(nodes, clusterSettings.AkkaPortOffset),
            Chain = new() { HeightInterval = TimeSpan.FromHours(1) },
            StartOptions = allocation is null ? null : _ => new NodeStartOptions { ShardAllocation = allocation },
            // No status listeners: a node's would take its API port + 2000, which the free port range does not check.
            StatusPage = false,
            ConfigureNode = (_, s) => s with
            {
                MembershipRefresh = TimeSpan.FromMilliseconds(200),
                RequestTimeout = TimeSpan.FromSeconds(5),
                Challenges = s.Challenges with { Enabled = false },
                Scrubbing = s.Scrubbing with { Enabled = false },
                Status = s.Status with { Enabled = false },
                Cluster = clusterSettings,
                HoldersPerBlock = HoldersPerBlock,
                Layout = HealingCluster.SmallBlocks,
                TicketCacheTtl = TimeSpan.FromMilliseconds(200),
                Healing = s.Healing with { Enabled = true, CheckInterval = CheckInterval, SpotCheckBlocks = 64, ShardedCheckFallbackAfter = FallbackAfter },
            },
        });
        var hostile = new HostileMemberCluster(root, cluster);
        await cluster.FundAsync(hostile._owner, 10_000 * 100_000_000L);
        return hostile;
    }

    public IReadOnlyList<string> Addresses => Cluster.RunningNodes.Select(n => n.ClusterMembership!.Address).ToList();

    public Task AllUpAsync() =>
        MemberNodes.EventuallyAsync(() => MemberNodes.AllSeeUp(Cluster.RunningNodes, Addresses), TimeSpan.FromSeconds(60), "every node Up in one cluster");

    /// <summary>Stores a random archive of about <paramref name="bytes"/> bytes; every node watches it.</summary>
    public async Task<(ArtworkTicket Ticket, byte[] Archive)> StoreAsync(int bytes, int seed)
    {
        var input = Directory.CreateDirectory(Path.Combine(_root, $"input-{seed}")).FullName;
        var data = new byte[bytes];
        new Random(seed).NextBytes(data);
        File.WriteAllBytes(Path.Combine(input, "art.bin"), data);
        var packed = ArchivePacker.Pack([input], 3);
        var path = Path.Combine(_root, $"archive-{seed}.tar.zst");
        File.WriteAllBytes(path, packed.Bytes);
        var stored = await new ArtworkOwner(Cluster.ChainClient, _owner, _http).StoreThroughNodeAsync(path, new StoreOptions { HoldersPerBlock = HoldersPerBlock });
        foreach (var node in Cluster.RunningNodes) node.WatchArtwork(stored.ArtworkId);
        return ((await Cluster.ChainClient.GetTicketAsync(stored.ArtworkId))!, packed.Bytes);
    }

    public async Task<ArtworkTicket> TicketAsync(string artworkId) => (await Cluster.ChainClient.GetTicketAsync(artworkId))!;

    /// <summary>The artwork's custodians at the chain's head: primary first, then its verifiers.</summary>
    public IReadOnlyList<string> Custodians(string artworkId) =>
        Custody.Custodians(artworkId, Cluster.Chain.State.Head, Cluster.Chain.State.Masternodes.Values, 2);

    /// <summary>Seals heights until the artwork's custodians satisfy <paramref name="wanted"/>.</summary>
    public async Task<IReadOnlyList<string>> SealUntilCustodyAsync(string artworkId, Func<IReadOnlyList<string>, bool> wanted, int maxEpochs = 500)
    {
        for (int epoch = 0; epoch < maxEpochs; epoch++)
        {
            var custodians = Custodians(artworkId);
            if (wanted(custodians)) return custodians;
            await Cluster.Chain.SealNowAsync();
        }
        throw new InvalidOperationException($"no epoch in {maxEpochs} had the custody wanted");
    }

    public NodeHost NodeById(string nodeId) => Cluster.RunningNodes.Single(n => n.NodeId == nodeId);

    public int IndexOf(NodeHost node) => Enumerable.Range(0, Cluster.Count).First(i => Cluster.IsRunning(i) && Cluster.Node(i) == node);

    /// <summary>
    /// Drops the artwork's redundancy below heal-below: every node but <paramref name="keeper"/> deletes its copies of
    /// the artwork's blocks through its own block holder (so only the keeper's, about half of them, remain).
    /// </summary>
    public async Task<int> DeleteBlocksExceptOnAsync(ArtworkTicket ticket, NodeHost keeper)
    {
        // All nodes at once: the shorter the deletes, the less often a check measures them half done.
        var counts = await Task.WhenAll(Cluster.RunningNodes.Where(n => n != keeper).Select(async node =>
        {
            int deleted = 0;
            var held = await new NodeClient(_http, node.Endpoint, _owner).ListArtworkBlocksAsync(Hash256.Parse(ticket.ArtworkId));
            foreach (var block in held.Blocks)
                if (await node.Holder.ChangeAsync(new DeleteBlock(Hash256.Parse(block.BlockId)))) deleted++;
            return deleted;
        }));
        return counts.Sum();
    }

    /// <summary>
    /// Deletes (<see cref="DeleteBlocksExceptOnAsync"/>), then waits for the heals to settle: at least one amendment,
    /// then none for five check intervals. The custodian's loop runs during the deletes, so it may measure a partial
    /// loss, heal it, and heal the rest next round: two heals of two losses, each planned on its own ticket state. What
    /// "once" means is judged by ground truth instead: every amendment is the custodian's, and redundancy ends at the
    /// target, not above it by a second heal of the same loss (a duplicate would add about as much again).
    /// </summary>
    public async Task<(ArtworkTicket Healed, double Lost, double After, TimeSpan FirstHeal)> DeleteAndAwaitHealsAsync(ArtworkTicket ticket, NodeHost custodian)
    {
        await DeleteBlocksExceptOnAsync(ticket, custodian);
        double lost = await TrueRedundancyAsync(ticket);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await MemberNodes.EventuallyAsync(async () => (await TicketAsync(ticket.ArtworkId)).Amendments.Count > 0, TimeSpan.FromSeconds(90), "a heal landed");
        var firstHeal = clock.Elapsed;
        int seen = -1;
        var quiet = System.Diagnostics.Stopwatch.StartNew();
        await MemberNodes.EventuallyAsync(async () =>
        {
            int now = (await TicketAsync(ticket.ArtworkId)).Amendments.Count;
            if (now != seen) { seen = now; quiet.Restart(); }
            return quiet.Elapsed >= CheckInterval * 5;
        }, TimeSpan.FromSeconds(90), "the heals settled");
        var healed = await TicketAsync(ticket.ArtworkId);
        return (healed, lost, await TrueRedundancyAsync(healed), firstHeal);
    }

    /// <summary>The heal-to of the default policy, plus one block's worth for the granularity of a heal (16 KiB blocks of a 64 KiB archive are 0.25 each).</summary>
    public const double HealedCeiling = 13;

    /// <summary>Ground truth: distinct ticket blocks some running node serves intact, as redundancy (payload bytes ÷ archive bytes).</summary>
    public async Task<double> TrueRedundancyAsync(ArtworkTicket ticket)
    {
        var artworkId = Hash256.Parse(ticket.ArtworkId);
        var listed = ticket.AllBlocks.Select(b => b.BlockId).ToHashSet(StringComparer.Ordinal);
        var intact = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in Cluster.RunningNodes)
            intact.UnionWith(await IntactBlocksOnAsync(node, artworkId, listed));
        long payloadPerBlock = (long)ticket.Codec.SymbolsPerBlock * ticket.Codec.SymbolBytes;
        return intact.Count * payloadPerBlock / (double)ticket.Codec.ArchiveLength;
    }

    /// <summary>The listed blocks of the artwork that <paramref name="node"/> lists and serves intact over its API.</summary>
    public async Task<IReadOnlyList<string>> IntactBlocksOnAsync(NodeHost node, Hash256 artworkId, IReadOnlySet<string> listed)
    {
        var client = new NodeClient(_http, node.Endpoint, _owner);
        var held = await client.ListArtworkBlocksAsync(artworkId);
        var intact = new List<string>();
        foreach (var block in held.Blocks.Where(b => listed.Contains(b.BlockId)))
        {
            var bytes = await client.GetBlockAsync(Hash256.Parse(block.BlockId));
            if (bytes is null) continue;
            BlockVerifier.Verify(bytes, Hash256.Parse(block.BlockId), new BlockLimits(), artworkId, out var verified);
            if (verified is not null) intact.Add(block.BlockId);
        }
        return intact;
    }

    /// <summary>The owner's retrieval: the archive, or null if it could not be gathered.</summary>
    public async Task<byte[]?> RetrieveAsync(string artworkId)
    {
        var result = await new ArtworkOwner(Cluster.ChainClient, _owner, _http).RetrieveAsync(Hash256.Parse(artworkId));
        return result.Complete ? result.Archive.ToArray() : null;
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _http.Dispose();
        _owner.Dispose();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
