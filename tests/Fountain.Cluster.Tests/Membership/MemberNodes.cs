using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Fountain.Chain.Identity;
using Fountain.Codec.Archive;
using Fountain.Node.Client;
using Fountain.Node.Configuration;
using Fountain.Node.Owner;
using Fountain.Actors.Cluster;
using Fountain.Node.Cluster;
using Fountain.Node.Hosting;

namespace Fountain.Cluster.Tests.Membership;

/// <summary>
/// Real masternodes in cluster mode on loopback: a <see cref="LocalCluster"/> on fixed ports (a member's Akka address
/// is derived from its endpoint, so port 0 would leave it alone), with a chain that seals only when asked (custody's
/// epoch is the head, so heights on a timer would move every artwork's custodian during a test) and quick timings.
/// </summary>
internal static class MemberNodes
{
    public static readonly NodeClusterSettings QuickCluster = new()
    {
        StableAfter = TimeSpan.FromSeconds(2),
        RebalanceInterval = TimeSpan.FromMilliseconds(500),
        RefreshInterval = TimeSpan.FromSeconds(2),
    };

    /// <param name="heightInterval">The chain's pace; by default it seals only when asked (see above). Nodes started outside the test process need heights to register.</param>
    public static async Task<LocalCluster> StartAsync(int nodes, string folder, NodeClusterSettings? cluster = null, TimeSpan? heightInterval = null,
        TimeSpan? offlineAfter = null, Func<int, NodeSettings, NodeSettings>? configure = null, IProgress<string>? status = null)
    {
        int first = FreePortRange(nodes, (cluster ?? QuickCluster).AkkaPortOffset);
        return await LocalCluster.StartAsync(new LocalClusterOptions
        {
            DataFolder = folder,
            Nodes = nodes,
            ChainListen = "http://127.0.0.1:0",
            FirstNodePort = first,
            Chain = new() { HeightInterval = heightInterval ?? TimeSpan.FromHours(1), OfflineAfter = offlineAfter ?? new Fountain.Chain.ChainOptions().OfflineAfter },
            ConfigureNode = (i, s) => (configure ?? ((_, x) => x))(i, s with
            {
                MembershipRefresh = TimeSpan.FromMilliseconds(200),
                RequestTimeout = TimeSpan.FromSeconds(5),
                Healing = s.Healing with { Enabled = false },
                Challenges = s.Challenges with { Enabled = false },
                Scrubbing = s.Scrubbing with { Enabled = false },
                Cluster = cluster ?? QuickCluster,
            }),
        }, status);
    }

    /// <summary>A first port p such that p .. p+count-1, the same plus the Akka offset and plus the status page's offset are free now.</summary>
    public static int FreePortRange(int count, int offset) => FreePorts.FindRange(count, [0, offset, new Fountain.Node.Status.StatusSettings().PortOffset], new Random());

    /// <summary>
    /// A new owner, funded from the faucet, stores an archive of 96 KiB of random bytes through a node with two holders per
    /// block (small enough for a quick test; with two holders each node holds some of its blocks).
    /// </summary>
    public static async Task<StoreOutcome> StoreSmallArtworkAsync(LocalCluster cluster, string folder)
    {
        using var owner = NodeKey.Create();
        await cluster.FundAsync(owner, 1_000 * 100_000_000L);
        var input = Directory.CreateDirectory(Path.Combine(folder, "input")).FullName;
        File.WriteAllBytes(Path.Combine(input, "art.bin"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(96 * 1024));
        var archive = Path.Combine(folder, "art.tar.zst");
        File.WriteAllBytes(archive, ArchivePacker.Pack([input], 3).Bytes);
        using var http = NodeClient.CreateHttpClient();
        return await new ArtworkOwner(cluster.ChainClient, owner, http).StoreThroughNodeAsync(archive, new StoreOptions { HoldersPerBlock = 2 });
    }

    public static Akka.Cluster.Cluster ClusterOf(NodeHost node) => Akka.Cluster.Cluster.Get(node.Actors);

    public static IReadOnlySet<string> UpMembers(NodeHost node) =>
        ClusterOf(node).State.Members.Where(m => m.Status == MemberStatus.Up).Select(m => m.Address.ToString()).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether every node sees exactly the given addresses Up.</summary>
    public static bool AllSeeUp(IEnumerable<NodeHost> nodes, IReadOnlyCollection<string> addresses) => nodes.All(n => UpMembers(n).SetEquals(addresses));

    /// <summary>Shard id (= artwork id) -> the member address hosting it, as the coordinator reports.</summary>
    public static Task<Dictionary<string, string>> ShardHomesAsync(NodeHost node, TimeSpan timeout) => ClusterShards.HomesAsync(node, timeout);

    /// <summary>Polls every 50 ms until <paramref name="condition"/> holds; fails naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException or TimeoutException)
            {
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not within {timeout}: {what}");
            await Task.Delay(50);
        }
    }

    public static Task EventuallyAsync(Func<bool> condition, TimeSpan timeout, string what) => EventuallyAsync(() => Task.FromResult(condition()), timeout, what);
}
