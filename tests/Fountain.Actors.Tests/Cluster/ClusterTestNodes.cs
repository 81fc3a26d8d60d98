using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using Fountain.Actors.Artworks;
using Fountain.Actors.Cluster;
using Fountain.Actors.Hosting;
using Fountain.Actors.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Fountain.Actors.Tests.Cluster;

/// <summary>What a cluster test's check answers: which member ran it, so a test sees where the artwork's actor lives.</summary>
public sealed record ClusterTestReport(string ArtworkId, string RanOn, CheckSummary Summary) : IArtworkCheckReport;

/// <summary>A check that finishes at once and names the member it ran on.</summary>
internal sealed class InstantCheck(string self) : IArtworkCheck
{
    private int _runs;

    public int Runs => Volatile.Read(ref _runs);

    public Task<IArtworkCheckReport> RunAsync(string artworkId, long epochHeight, ArtworkEvent? inFlight, Action<bool> inFlightSettled, Func<HealStarting, Task> healStarting,
        CancellationToken cancellation)
    {
        Interlocked.Increment(ref _runs);
        return Task.FromResult<IArtworkCheckReport>(new ClusterTestReport(artworkId, self, ScriptedCheck.Measured(1, 12)));
    }
}

/// <summary>The chain's roster as the tests set it; every node of a test reads the same one (one chain).</summary>
internal sealed class MemoryDirectory : IMasternodeDirectory
{
    private MasternodeRoster _roster = Rosters.Of(Rosters.Epoch(0));

    public MasternodeRoster Roster
    {
        get => Volatile.Read(ref _roster);
        set => Volatile.Write(ref _roster, value);
    }

    public Task<MasternodeRoster> ReadAsync(CancellationToken cancellation) => Task.FromResult(Roster);
}

/// <summary>One Fountain node of a test cluster: its actor system, sharded artwork region, guard and custody rule.</summary>
internal sealed record ClusterTestNode(ActorSystem System, string Address, IActorRef Region, IActorRef? Guard, RosterCustodyRule Rule, InstantCheck Check)
{
    public Akka.Cluster.Cluster Cluster => Akka.Cluster.Cluster.Get(System);

    public async Task<ClusterTestReport> CheckAsync(string artworkId, TimeSpan timeout) =>
        await Region.Ask<ClusterTestReport>(new CheckArtwork(artworkId, 1), timeout).ConfigureAwait(false);

    /// <summary>
    /// Asks until answered, each try bounded by <paramref name="perTry"/>: a request that meets a member's crash is lost
    /// (Akka delivers at most once), and a client, like the node's healing loop, asks again.
    /// </summary>
    public async Task<ClusterTestReport> CheckUntilAnsweredAsync(string artworkId, TimeSpan perTry, TimeSpan total)
    {
        var deadline = DateTime.UtcNow + total;
        while (true)
        {
            try
            {
                return await CheckAsync(artworkId, perTry).ConfigureAwait(false);
            }
            catch (AskTimeoutException) when (DateTime.UtcNow < deadline)
            {
            }
        }
    }

    /// <summary>Shard id -> member address, as the coordinator reports them.</summary>
    public async Task<Dictionary<string, string>> ShardHomesAsync(TimeSpan timeout)
    {
        var stats = await Region.Ask<ClusterShardingStats>(new GetClusterShardingStats(timeout), timeout + TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        return stats.Regions.SelectMany(r => r.Value.Stats.Keys.Select(shard => (shard, member: r.Key.ToString()))).ToDictionary(x => x.shard, x => x.member);
    }
}

/// <summary>
/// Builds Fountain cluster nodes on 127.0.0.1 in one process: the node's own HOCON (FountainClusterConfig over
/// FountainActorsConfig), a SQLite journal file per node (remember-entities is stored there), the test report type on the
/// Hyperion allow-list. Timings are tightened for tests unless the options say otherwise.
/// </summary>
internal static class ClusterTestNodes
{
    /// <summary>The nodes' journal files; removed when the test process exits (a test kit's own system outlives its test's cleanup).</summary>
    public static readonly DirectoryInfo Folder = CreateFolder();

    private static DirectoryInfo CreateFolder()
    {
        var folder = Directory.CreateTempSubdirectory("fountain-cluster-tests-");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                SqliteConnection.ClearAllPools();
                folder.Delete(recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A file still held open: the temporary folder is the operating system's to clean.
            }
        };
        return folder;
    }

    /// <summary>Timings for functional tests: quick seeds, quick rebalancing, a split-brain resolver that decides after 2 s.</summary>
    public static ClusterNodeOptions Quick(int port) => new("127.0.0.1", port)
    {
        StableAfter = TimeSpan.FromSeconds(2),
        RebalanceInterval = TimeSpan.FromMilliseconds(500),
        HandOffTimeout = TimeSpan.FromSeconds(10),
    };

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string AddressOf(int port, string protocol = ClusterAddresses.Protocol) => $"{protocol}://{ClusterAddresses.SystemName}@127.0.0.1:{port}";

    /// <summary>A fresh SQLite journal file (WAL), as the node makes its own.</summary>
    public static string NewJournal()
    {
        var journal = Path.Combine(Folder.FullName, $"journal-{Guid.NewGuid():N}.db");
        using (var connection = new SqliteConnection($"Data Source={journal};Pooling=False"))
        {
            connection.Open();
            using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            wal.ExecuteNonQuery();
        }
        return journal;
    }

    /// <summary>The setup of a node's actor system on <paramref name="journal"/> (a fresh one if null); <paramref name="extraHocon"/> goes over everything.</summary>
    public static ActorSystemSetup Setup(ClusterNodeOptions options, string? extraHocon = null, string? journal = null)
    {
        journal ??= NewJournal();
        var config = ConfigurationFactory.ParseString(extraHocon ?? "")
            .WithFallback(FountainClusterConfig.Config(options))
            .WithFallback(AkkaConfigs.SqlJournal(ArtworkJournal.ProviderName(JournalProvider.Sqlite), $"Data Source={journal}"));
        return ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(config), new FountainSerializationSetup([typeof(ClusterTestReport)]));
    }

    /// <summary>
    /// Makes <paramref name="system"/> a Fountain node: the sharded artwork region first (before joining, AKKA-NOTES), then,
    /// unless it plays a stranger, the guard, whose first roster read feeds the custody rule and joins the roster's seeds.
    /// </summary>
    /// <param name="joinSeeds">Seeds the guard joins through (0: the test joins the node itself).</param>
    public static async Task<ClusterTestNode> StartAsync(ActorSystem system, MemoryDirectory directory, bool withGuard = true, int maxRebalancePerRound = 4, int joinSeeds = 3)
    {
        var address = Akka.Cluster.Cluster.Get(system).SelfAddress.ToString();
        var rule = new RosterCustodyRule();
        var check = new InstantCheck(address);
        var settings = new ArtworkActorSettings(check, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10));
        var region = await ArtworkSharding.StartAsync(system, settings, rule.AsRule(), maxRebalancePerRound);
        IActorRef? guard = null;
        if (withGuard)
            guard = system.ActorOf(ClusterGuardActor.Props(directory, new ClusterGuardSettings(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), joinSeeds), rule.Update), "cluster-guard");
        else
            rule.Update(directory.Roster);
        return new ClusterTestNode(system, address, region, guard, rule, check);
    }

    public static ActorSystem Create(ClusterNodeOptions options, string? extraHocon = null, string? journal = null) =>
        ActorSystem.Create(ClusterAddresses.SystemName, Setup(options, extraHocon, journal));

    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds; fails naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await condition().ConfigureAwait(false)) return;
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException or TimeoutException)
            {
                // A query that timed out is an answer "not yet".
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not within {timeout}: {what}");
            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    public static Task EventuallyAsync(Func<bool> condition, TimeSpan timeout, string what) => EventuallyAsync(() => Task.FromResult(condition()), timeout, what);

    /// <summary>Whether every node sees exactly <paramref name="addresses"/> as its Up members.</summary>
    public static bool AllSeeUp(IEnumerable<ClusterTestNode> nodes, IReadOnlyCollection<string> addresses) =>
        nodes.All(n => n.Cluster.State.Members.Where(m => m.Status == Akka.Cluster.MemberStatus.Up).Select(m => m.Address.ToString()).ToHashSet().SetEquals(addresses));

    public static Task TerminateAllAsync(IEnumerable<ActorSystem> systems) =>
        Task.WhenAll(systems.Select(s => s.Terminate().WaitAsync(TimeSpan.FromSeconds(30))));
}
