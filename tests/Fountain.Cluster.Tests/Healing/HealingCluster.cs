using System.Diagnostics;
using Fountain.Chain.Identity;
using Fountain.Chain.Model;
using Fountain.Chain.Selection;
using Fountain.Codec.Archive;
using Fountain.Codec.Artwork;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;
using Fountain.Node.Client;
using Fountain.Node.Cluster;
using Fountain.Node.Healing;
using Fountain.Node.Configuration;
using Fountain.Node.Owner;

namespace Fountain.Cluster.Tests.Healing;

/// <summary>
/// A loopback cluster for healing tests: small blocks, fast membership refresh, healing driven by the test (its timer
/// off) so that each check is one the test asked for, and helpers that judge redundancy by ground truth (every
/// running node's copies fetched and verified) rather than by the code under test.
/// </summary>
internal sealed class HealingCluster : IAsyncDisposable
{
    private string _root = "";
    private readonly HttpClient _http = NodeClient.CreateHttpClient();
    private readonly NodeKey _owner = NodeKey.Create();

    public required LocalCluster Cluster { get; init; }
    public int HoldersPerBlock { get; init; }

    private HealingCluster() { }

    public static readonly LtLayoutPolicy SmallBlocks = new() { MaxBlockBytes = 16 * 1024 };

    public static async Task<HealingCluster> StartAsync(int nodes, int holdersPerBlock, int spotCheckBlocks = 4, TimeSpan? autoCheckInterval = null, bool scrubbing = true,
        LtLayoutPolicy? layout = null, Func<int, HealingSettings, HealingSettings>? configureHealing = null)
    {
        var root = Directory.CreateTempSubdirectory("fountain-healing-cluster-").FullName;
        var cluster = await LocalCluster.StartAsync(new LocalClusterOptions
        {
            DataFolder = Path.Combine(root, "cluster"),
            Nodes = nodes,
            ChainListen = "http://127.0.0.1:0",
            FirstNodePort = 0,
            Chain = new() { HeightInterval = TimeSpan.FromSeconds(1) },
            ConfigureNode = (i, s) => s with
            {
                HoldersPerBlock = holdersPerBlock,
                Layout = layout ?? SmallBlocks,
                MembershipRefresh = TimeSpan.FromMilliseconds(200),
                TicketCacheTtl = TimeSpan.FromMilliseconds(200),
                RequestTimeout = TimeSpan.FromSeconds(5),
                Healing = (configureHealing ?? ((_, x) => x))(i, new HealingSettings
                {
                    Enabled = autoCheckInterval is not null,
                    CheckInterval = autoCheckInterval ?? TimeSpan.FromSeconds(30),
                    SpotCheckBlocks = spotCheckBlocks,
                }),
                Scrubbing = s.Scrubbing with { Enabled = scrubbing && s.Scrubbing.Enabled },
            },
        });
        var healing = new HealingCluster { Cluster = cluster, HoldersPerBlock = holdersPerBlock, _root = root };
        await cluster.FundAsync(healing._owner, 10_000 * 100_000_000L);
        return healing;
    }

    /// <summary>Stores a random archive of about <paramref name="bytes"/> bytes and tells every node to watch it.</summary>
    public async Task<(ArtworkTicket Ticket, byte[] Archive)> StoreAsync(int bytes, bool watch = true)
    {
        var input = Path.Combine(_root, "input");
        Directory.CreateDirectory(input);
        var data = new byte[bytes];
        new Random(bytes).NextBytes(data);
        File.WriteAllBytes(Path.Combine(input, "art.bin"), data);
        var packed = ArchivePacker.Pack([input], 3);
        var path = Path.Combine(_root, "archive.tar.zst");
        File.WriteAllBytes(path, packed.Bytes);
        var stored = await new ArtworkOwner(Cluster.ChainClient, _owner, _http).StoreThroughNodeAsync(path, new StoreOptions { HoldersPerBlock = HoldersPerBlock });
        if (watch) foreach (var node in Cluster.RunningNodes) node.WatchArtwork(stored.ArtworkId);
        return ((await Cluster.ChainClient.GetTicketAsync(stored.ArtworkId))!, packed.Bytes);
    }

    public Task<ArtworkTicket> TicketAsync(string artworkId) => Cluster.ChainClient.GetTicketAsync(artworkId)!;

    /// <summary>
    /// Seals heights until the artwork's custodian primary and at least one of its verifiers are running, then has the
    /// primary check it. Dead nodes stay registered (only challenges would penalise them), so a dead primary simply
    /// means no heal in that epoch; the next epoch's seed picks again.
    /// <para>
    /// The node takes as its epoch the head it reads itself, which the chain's timer may have moved past the head judged
    /// here; if it is still the primary there but none of that epoch's verifiers runs, a heal cannot be signed. That is
    /// not the situation this promises, so a check that failed at such an epoch is not returned: the next epoch is tried.
    /// </para>
    /// </summary>
    public async Task<CheckReport> CheckByLivePrimaryAsync(string artworkId, int maxEpochs = 200)
    {
        for (int epoch = 0; epoch < maxEpochs; epoch++)
        {
            var head = Cluster.Chain.State.Head;
            var custodians = Custody.Custodians(artworkId, head, Cluster.Chain.State.Masternodes.Values, 2);
            var running = Cluster.RunningNodes.ToDictionary(n => n.NodeId, StringComparer.Ordinal);
            if (running.TryGetValue(custodians[0], out var primary) && custodians.Skip(1).Any(running.ContainsKey))
            {
                var report = await primary.CheckArtworkAsync(artworkId);
                if (report is not null && (report.Failure is null || report.EpochHeight == head.Height || await HasRunningVerifierAsync(artworkId, report.EpochHeight)))
                    return report;
            }
            await Cluster.Chain.SealNowAsync();
        }
        throw new InvalidOperationException($"no epoch in {maxEpochs} had a running primary and verifier");
    }

    private async Task<bool> HasRunningVerifierAsync(string artworkId, long epochHeight)
    {
        var epoch = (await Cluster.ChainClient.GetHeightAsync(epochHeight))!;
        return Custody.Custodians(artworkId, epoch, Cluster.Chain.State.Masternodes.Values, 2).Skip(1).Any(IsRunning);
    }

    /// <summary>Seals heights until the artwork's custodians (primary first) satisfy <paramref name="wanted"/>; returns them.</summary>
    public async Task<IReadOnlyList<string>> SealUntilCustodyAsync(string artworkId, Func<IReadOnlyList<string>, bool> wanted, int maxEpochs = 500)
    {
        for (int epoch = 0; epoch < maxEpochs; epoch++)
        {
            var custodians = Custody.Custodians(artworkId, Cluster.Chain.State.Head, Cluster.Chain.State.Masternodes.Values, 2);
            if (wanted(custodians)) return custodians;
            await Cluster.Chain.SealNowAsync();
        }
        throw new InvalidOperationException($"no epoch in {maxEpochs} had the custody wanted");
    }

    public bool IsRunning(string nodeId) => Cluster.RunningNodes.Any(n => n.NodeId == nodeId);

    public int IndexOf(string nodeId) => Enumerable.Range(0, Cluster.Count).First(i => Cluster.IsRunning(i) && Cluster.Node(i).NodeId == nodeId);

    /// <summary>
    /// Ground truth: payload bytes of the distinct ticket blocks that some running node serves intact (fetched and
    /// verified against their ids and the artwork), divided by the archive's bytes.
    /// </summary>
    public async Task<double> TrueRedundancyAsync(ArtworkTicket ticket)
    {
        var artworkId = Hash256.Parse(ticket.ArtworkId);
        var listed = ticket.AllBlocks.Select(b => b.BlockId).ToHashSet(StringComparer.Ordinal);
        var intact = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in Cluster.RunningNodes)
        {
            var client = new NodeClient(_http, node.Endpoint, _owner);
            var held = await client.ListArtworkBlocksAsync(artworkId);
            foreach (var block in held.Blocks.Where(b => listed.Contains(b.BlockId) && !intact.Contains(b.BlockId)))
            {
                var bytes = await client.GetBlockAsync(Hash256.Parse(block.BlockId));
                if (bytes is null) continue;
                BlockVerifier.Verify(bytes, Hash256.Parse(block.BlockId), new BlockLimits(), artworkId, out var verified);
                if (verified is not null) intact.Add(block.BlockId);
            }
        }
        long payloadPerBlock = (long)ticket.Codec.SymbolsPerBlock * ticket.Codec.SymbolBytes;
        return intact.Count * payloadPerBlock / (double)ticket.Codec.ArchiveLength;
    }

    /// <summary>Ground truth: for each ticket block, the running nodes that list it.</summary>
    public async Task<IReadOnlyDictionary<string, HashSet<string>>> HoldersByBlockAsync(ArtworkTicket ticket)
    {
        var artworkId = Hash256.Parse(ticket.ArtworkId);
        var holders = ticket.AllBlocks.ToDictionary(b => b.BlockId, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var node in Cluster.RunningNodes)
        {
            var held = await new NodeClient(_http, node.Endpoint, _owner).ListArtworkBlocksAsync(artworkId);
            foreach (var block in held.Blocks)
                if (holders.TryGetValue(block.BlockId, out var set)) set.Add(node.NodeId);
        }
        return holders;
    }

    /// <summary>
    /// Seals heights until node <paramref name="i"/> is the artwork's custodian primary with a running verifier, then
    /// has it check the artwork (again if the epoch moved on between the two).
    /// </summary>
    public async Task<CheckReport> CheckOnAsync(int i, string artworkId, int maxAttempts = 20)
    {
        var node = Cluster.Node(i);
        for (int attempt = 0; attempt < maxAttempts; attempt++)
        {
            await SealUntilCustodyAsync(artworkId, c => c[0] == node.NodeId && c.Skip(1).Any(IsRunning));
            if (await node.CheckArtworkAsync(artworkId) is { } report) return report;
        }
        throw new InvalidOperationException($"node {i} was never the primary long enough to check {artworkId}");
    }

    /// <summary>The owner's retrieval: the archive, or null if it could not be gathered.</summary>
    public async Task<byte[]?> RetrieveAsync(string artworkId)
    {
        var result = await new ArtworkOwner(Cluster.ChainClient, _owner, _http).RetrieveAsync(Hash256.Parse(artworkId));
        return result.Complete ? result.Archive.ToArray() : null;
    }

    /// <summary>Flips a byte in the payload of every block file node <paramref name="i"/> holds; returns how many.</summary>
    public int CorruptEveryBlockOf(int i)
    {
        int count = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Cluster.NodeFolder(i), "blocks"), "*.block", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
            stream.Position = stream.Length - 1;
            int b = stream.ReadByte();
            stream.Position = stream.Length - 1;
            stream.WriteByte((byte)(b ^ 0xFF));
            count++;
        }
        return count;
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _http.Dispose();
        _owner.Dispose();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
