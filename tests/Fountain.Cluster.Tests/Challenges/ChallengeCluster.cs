using Fountain.Chain;
using Fountain.Chain.Identity;
using Fountain.Chain.Model;
using Fountain.Codec.Archive;
using Fountain.Codec.Lt;
using Fountain.Node.Challenges;
using Fountain.Node.Client;
using Fountain.Node.Cluster;
using Fountain.Node.Configuration;
using Fountain.Node.Hosting;
using Fountain.Node.Owner;
using Fountain.Cluster.Tests.Misbehaviour;

namespace Fountain.Cluster.Tests.Challenges;

/// <summary>
/// A loopback cluster for challenge tests: the chain seals only when the test says so (one height per epoch, so
/// epochs are as fast as the work in them), every node holds every block unless the test says otherwise (holders per
/// block = nodes, so every node is audited every epoch), the nodes' own challenge timers are off and the test runs
/// each epoch on every node itself. Healing is on, on a short timer, so challenges are answered while nodes survey and heal.
/// </summary>
internal sealed class ChallengeCluster : IAsyncDisposable
{
    private static readonly LtLayoutPolicy SmallBlocks = new() { MaxBlockBytes = 64 * 1024 };

    private readonly string _root;
    private readonly HttpClient _http = NodeClient.CreateHttpClient();
    private readonly NodeKey _owner = NodeKey.Create();
    private readonly Func<int, Cheat>? _cheats;
    private readonly Dictionary<NodeHost, DiskCheat> _diskCheats = [];

    private ChallengeCluster(string root, LocalCluster cluster, Func<int, Cheat>? cheats)
    {
        _root = root;
        Cluster = cluster;
        _cheats = cheats;
    }

    public LocalCluster Cluster { get; }

    /// <param name="heightInterval">null: heights only when the test seals them; otherwise the chain's timer seals them and
    /// the nodes run their own challenge rounds every <paramref name="epochHeights"/> heights.</param>
    /// <param name="misbehaviour">How node n cheats; null: every node is honest.</param>
    public static async Task<ChallengeCluster> StartAsync(int nodes, Func<int, Cheat>? misbehaviour = null, TimeSpan? answerDeadline = null,
        TimeSpan? heightInterval = null, long epochHeights = 10, int? holdersPerBlock = null, TimeSpan? healCheckInterval = null)
    {
        var root = Directory.CreateTempSubdirectory("fountain-challenge-tests-").FullName;
        var cluster = await LocalCluster.StartAsync(new LocalClusterOptions
        {
            DataFolder = Path.Combine(root, "cluster"),
            Nodes = nodes,
            ChainListen = "http://127.0.0.1:0",
            FirstNodePort = 0,
            Chain = new ChainOptions { HeightInterval = heightInterval ?? TimeSpan.FromHours(1) },
            ConfigureNode = (i, s) => s with
            {
                HoldersPerBlock = holdersPerBlock ?? nodes,
                Layout = SmallBlocks,
                MembershipRefresh = TimeSpan.FromMilliseconds(100),
                TicketCacheTtl = TimeSpan.FromMilliseconds(100),
                ReportInterval = heightInterval is { } h ? h / 2 : s.ReportInterval,
                Challenges = s.Challenges with { Enabled = heightInterval is not null, EpochHeights = epochHeights, AnswerDeadline = answerDeadline ?? TimeSpan.FromSeconds(2) },
                // The scrubbing tests call it themselves; and a node that corrupts its blocks on purpose must not scrub them away.
                Scrubbing = s.Scrubbing with { Enabled = false },
                // Healing runs on its own timer beside the challenges, as on a live node (ChallengesWhileHealingTests measures
                // the answer latency it costs); a test that only drives heals by hand passes an interval of zero.
                Healing = s.Healing with
                {
                    Enabled = healCheckInterval != TimeSpan.Zero,
                    // Idle artwork actors passivate after 4 check intervals, even mid-heal (the heal is then cancelled), so the
                    // interval stays long enough for a heal on a loaded two-core machine.
                    CheckInterval = healCheckInterval is { } c && c > TimeSpan.Zero ? c : TimeSpan.FromSeconds(2),
                },
            },
            // A cheater answers through its own answerer; honest nodes (and the kinds that cheat on disk only) answer from the store.
            StartOptions = i => misbehaviour?.Invoke(i) is { IsHonest: false } cheat
                ? new NodeStartOptions { ChallengeAnswerer = node => new CheatingAnswerer(cheat, node) }
                : new NodeStartOptions(),
        });
        var challengeCluster = new ChallengeCluster(root, cluster, misbehaviour);
        await cluster.FundAsync(challengeCluster._owner, 10_000 * 100_000_000L);
        return challengeCluster;
    }

    /// <summary>Stores a random archive of about <paramref name="bytes"/> bytes through node 0 and registers it.</summary>
    public async Task<StoreOutcome> StoreAsync(int bytes, int seed, bool watch = true)
    {
        var input = Path.Combine(_root, $"input-{seed}");
        Directory.CreateDirectory(input);
        var data = new byte[bytes];
        new Random(seed).NextBytes(data);
        File.WriteAllBytes(Path.Combine(input, "art.bin"), data);
        var path = Path.Combine(_root, $"archive-{seed}.tar.zst");
        File.WriteAllBytes(path, ArchivePacker.Pack([input], 3).Bytes);
        var stored = await new ArtworkOwner(Cluster.ChainClient, _owner, _http).StoreThroughNodeAsync(path, new StoreOptions());
        if (watch) foreach (var node in Cluster.RunningNodes) node.WatchArtwork(stored.ArtworkId);
        return stored;
    }

    /// <summary>
    /// One epoch: seal a height (its hash is the epoch seed), let every cheater do its damage on disk, then run every
    /// running node's challenges for that epoch at once, and return all outcomes.
    /// </summary>
    public async Task<(ChainHead Epoch, IReadOnlyList<ChallengeOutcome> Outcomes)> RunEpochAsync()
    {
        var epoch = await Cluster.Chain.SealNowAsync();
        var nodes = Enumerable.Range(0, Cluster.Count).Where(Cluster.IsRunning).Select(i => (Node: Cluster.Node(i), Cheat: DiskCheatOf(i))).ToList();
        foreach (var (_, cheat) in nodes) await cheat.ApplyAsync();
        // Again just before each node plans its round, as a cheater would: blocks a custodian copied to it meanwhile go too.
        var outcomes = await Task.WhenAll(nodes.Select(async n =>
        {
            await n.Cheat.ApplyAsync();
            return await n.Node.Challenges.RunEpochAsync(epoch);
        }));
        return (epoch, outcomes.SelectMany(o => o).ToList());
    }

    /// <summary>What node <paramref name="i"/> (as running now) does to its disk each epoch; nothing for an honest node.</summary>
    public DiskCheat DiskCheatOf(int i)
    {
        var node = Cluster.Node(i);
        if (!_diskCheats.TryGetValue(node, out var cheat)) _diskCheats[node] = cheat = new DiskCheat(_cheats?.Invoke(i) ?? new Cheat(), node);
        return cheat;
    }

    /// <summary>GET /status of the node with this id, asked by node 0 (a masternode, as /status requires).</summary>
    public async Task<Fountain.Node.Protocol.NodeStatus> StatusAsync(string id)
    {
        var asker = Cluster.Node(0);
        var target = Cluster.RunningNodes.Single(n => n.NodeId == id);
        var client = new NodeClient(_http, target.Endpoint, asker.Key);
        return await client.GetStatusAsync();
    }

    public Masternode Masternode(string id) => Cluster.Chain.State.Masternodes[id];

    /// <summary>Whether the chain withholds the node's rewards at the next height.</summary>
    public bool IsPenalised(string id) => Masternode(id).IsPenalisedAt(Cluster.Chain.State.Head.Height + 1);

    /// <summary>Every token on the chain, available or locked, against what genesis created (the faucet moves tokens, it does not mint).</summary>
    public (long Total, long Genesis) Books()
    {
        var state = Cluster.Chain.State;
        var o = state.Options;
        return (state.Ledger.TotalTokens().Units, o.GenesisAllocations.Values.Sum() + o.RewardPoolGenesisBaseUnits + o.FaucetGenesisBaseUnits);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _http.Dispose();
        _owner.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
