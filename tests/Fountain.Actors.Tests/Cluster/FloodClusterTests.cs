using System.Diagnostics;
using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Fountain.Actors.Artworks;
using Fountain.Actors.Cluster;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Fountain.Actors.Tests.Cluster;

/// <summary>
/// A hostile member floods an honest member's artwork region (<c>/system/sharding/artwork</c>) with <see cref="CheckArtwork"/>:
/// made-up ids the chain does not know, and requests for real artworks over and over. What it costs the honest member is
/// printed (shards, live actors, journal rows, memory). What must hold: honest checks are still answered; made-up ids leave
/// no live actor; the repeated requests for a running check queue nothing; with the host's admission, made-up ids make no
/// shard and write nothing, whether sent to the honest region or asked of the coordinator through the flooder's own region.
/// </summary>
public sealed class FloodClusterTests(ITestOutputHelper output) : ClusterTestKit(output)
{
    private const int MadeUpIds = 300;
    private const int RepeatedRequests = 4_000;
    private static readonly string[] RealArtworks = Enumerable.Range(0, 4).Select(i => Rosters.ArtworkId("real-" + i)).ToArray();

    /// <summary>Counts every message the flooder's sender gets back.</summary>
    private sealed class Counter(StrongBox<int> replies) : ReceiveActor
    {
        public Counter() : this(new StrongBox<int>())
        {
        }

        protected override bool AroundReceive(Receive receive, object message)
        {
            Interlocked.Increment(ref replies.Value);
            return true;
        }
    }

    private sealed record Cluster(ClusterTestNode Honest, ClusterTestNode Flooder, ScriptedClusterCheck Check, string Journal, HashSet<string> Registered);

    private async Task<Cluster> StartAsync(bool admission)
    {
        var journal = ClusterTestNodes.NewJournal();
        var honest = StartSystem(journal: journal);
        var hostile = StartSystem();
        string honestAddress = AddressOf(honest), hostileAddress = AddressOf(hostile);
        // The hostile member is on the chain (the guard keeps it) but holds no custody, so every shard lives on the honest one.
        // It registered later, so the honest node is the first seed, forms the cluster and is its oldest member: the shard
        // coordinator runs there (a hostile coordinator is the misallocation case, HostileMisallocationTests).
        Directory.Roster = new MasternodeRoster(Rosters.Epoch(1),
            [new RosterEntry(Rosters.NodeId(honestAddress), honestAddress, true, RegisteredAtHeight: 1),
             new RosterEntry(Rosters.NodeId(hostileAddress), hostileAddress, false, RegisteredAtHeight: 2)]);
        var registered = RealArtworks.ToHashSet();
        ScriptedClusterCheck? check = null;
        var node = await ScriptedClusterNodes.StartAsync(honest, Directory, self => check = new ScriptedClusterCheck(self, registered,
            (_, cancellation) => Task.Delay(TimeSpan.FromMilliseconds(300), cancellation)), admission: admission ? registered.Contains : null);
        // A modified node: Fountain's region (its sharding and replicator run, as a member's must) and guard, no admission.
        var flooder = await ScriptedClusterNodes.StartAsync(hostile, Directory, self => new ScriptedClusterCheck(self, registered));
        await WaitFormedAsync([node, flooder], [honestAddress, hostileAddress], TimeSpan.FromSeconds(30));
        foreach (var artwork in RealArtworks) await node.CheckAsync(artwork, Ask); // their shards exist, as on a running node
        return new Cluster(node, flooder, check!, journal, registered);
    }

    /// <summary>Sends the flood from the hostile member while the honest node checks its artworks; returns how long each honest check took.</summary>
    private async Task<List<TimeSpan>> FloodAsync(Cluster c, IActorRef sender, bool halfThroughOwnRegion)
    {
        var honestAnswers = new List<TimeSpan>();
        var honestWhileFlooding = Task.Run(async () =>
        {
            for (int i = 0; i < 5; i++)
            {
                var asked = Stopwatch.StartNew();
                await c.Honest.CheckAsync(RealArtworks[i % RealArtworks.Length], TimeSpan.FromSeconds(60));
                honestAnswers.Add(asked.Elapsed);
            }
        });
        var honestRegion = c.Flooder.System.ActorSelection($"{c.Honest.Address}/system/sharding/{ArtworkSharding.TypeName}");
        var random = new Random(13);
        for (int i = 0; i < Math.Max(MadeUpIds, RepeatedRequests); i++)
        {
            if (i < MadeUpIds)
            {
                var madeUp = new CheckArtwork(Convert.ToHexString(RandomBytes(random)).ToLowerInvariant(), 1);
                if (halfThroughOwnRegion && i % 2 == 1) c.Flooder.Region.Tell(madeUp, sender); // its region asks the coordinator for a home
                else honestRegion.Tell(madeUp, sender);
            }
            if (i < RepeatedRequests) honestRegion.Tell(new CheckArtwork(RealArtworks[i % RealArtworks.Length], 1), sender);
        }
        await honestWhileFlooding.WaitAsync(TimeSpan.FromSeconds(120));
        Output.WriteLine($"honest checks during the flood answered in {string.Join(", ", honestAnswers.Select(t => $"{t.TotalSeconds:F1} s"))}");
        return honestAnswers;
    }

    [Fact]
    public async Task A_member_flooding_checks_leaves_no_actors_for_made_up_ids_queues_nothing_and_honest_checks_are_answered()
    {
        var c = await StartAsync(admission: false);
        long memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        long rowsBefore = ShardingRows(c.Journal);
        var replies = new StrongBox<int>();
        var sender = c.Flooder.System.ActorOf(Props.Create(() => new Counter(replies)), "flooder");
        var flood = Stopwatch.StartNew();
        var honest = await FloodAsync(c, sender, halfThroughOwnRegion: false);
        Assert.Equal(5, honest.Count);

        // Every made-up id is refused by the check; its actor stops at once rather than after its idle window (10 min here).
        await ClusterTestNodes.EventuallyAsync(() => c.Check.Refused >= MadeUpIds, TimeSpan.FromSeconds(180), $"{MadeUpIds} made-up ids refused");
        var live = new HashSet<string>();
        await ClusterTestNodes.EventuallyAsync(async () =>
        {
            var state = await c.Honest.Region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(10));
            live = state.Shards.SelectMany(s => s.EntityIds).ToHashSet();
            return live.All(c.Registered.Contains);
        }, TimeSpan.FromSeconds(60), "no actor left for a made-up id");
        var shards = (await c.Honest.Region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(10))).Shards.Count;
        Output.WriteLine($"after {flood.Elapsed.TotalSeconds:F1} s: {c.Check.Refused} made-up ids refused, {c.Check.Runs} checks of real artworks run, {live.Count} live artwork actors, " +
            $"{shards} shards on the honest node, {ShardingRows(c.Journal) - rowsBefore} sharding journal rows written, " +
            $"{(GC.GetTotalMemory(forceFullCollection: true) - memoryBefore) / 1024 / 1024.0:F1} MiB more managed memory (whole process)");

        // A running check answers each asker once: the repeated requests queued nothing and came back a handful of times.
        await ClusterTestNodes.EventuallyAsync(() => Volatile.Read(ref replies.Value) >= MadeUpIds, TimeSpan.FromSeconds(30), "the made-up ids answered as refused");
        await Task.Delay(TimeSpan.FromSeconds(1));
        int repliesForReal = Volatile.Read(ref replies.Value) - MadeUpIds;
        Output.WriteLine($"the flooder got {repliesForReal} answers for its {RepeatedRequests} requests of real artworks ({c.Check.Runs} checks run)");
        Assert.True(repliesForReal <= c.Check.Runs, $"{repliesForReal} answers for {RepeatedRequests} repeated requests; at most one per check run ({c.Check.Runs})");
    }

    [Fact]
    public async Task With_the_hosts_admission_made_up_ids_make_no_shard_and_write_nothing()
    {
        var c = await StartAsync(admission: true);
        long rowsBefore = ShardingRows(c.Journal);
        var sender = c.Flooder.System.ActorOf(Props.Create(() => new Counter()), "flooder");
        var honest = await FloodAsync(c, sender, halfThroughOwnRegion: true);
        Assert.Equal(5, honest.Count);
        // The flooder's region keeps asking the coordinator for the homes of what it buffers (every retry interval); give it rounds.
        await Task.Delay(TimeSpan.FromSeconds(5));

        Assert.Equal(0, c.Check.Refused); // no made-up id reached an actor
        var state = await c.Honest.Region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(10));
        long rows = ShardingRows(c.Journal) - rowsBefore;
        Output.WriteLine($"{state.Shards.Count} shards on the honest node, {rows} sharding journal rows written there during the flood (the coordinator's included)");
        Assert.Equal(c.Registered.Order(), state.Shards.Select(s => s.ShardId).Order()); // the real artworks' shards, and no other
        Assert.Equal(0, rows);
    }

    /// <summary>
    /// Without admission, how many made-up ids the cluster takes in before the coordinator stops allocating (figures only,
    /// minutes). The coordinator's state (one entry per shard, replicated through ddata with write-majority) outgrows
    /// remoting's 128,000-byte frame at about 900 shards here: the write is discarded as oversized and retried forever,
    /// so no new shard is allocated for anyone; artworks whose shards exist are still checked.
    /// </summary>
    [Fact]
    [Trait("Category", "Measurement")]
    public async Task Made_up_ids_without_admission_are_taken_in_until_the_coordinators_state_outgrows_a_remote_frame()
    {
        const int ids = 1_500;
        var c = await StartAsync(admission: false);
        var honestRegion = c.Flooder.System.ActorSelection($"{c.Honest.Address}/system/sharding/{ArtworkSharding.TypeName}");
        var random = new Random(17);
        var flood = Stopwatch.StartNew();
        for (int i = 0; i < ids; i++) honestRegion.Tell(new CheckArtwork(Convert.ToHexString(RandomBytes(random)).ToLowerInvariant(), 1));
        int last = -1;
        var stalled = Stopwatch.StartNew();
        while (c.Check.Refused < ids && stalled.Elapsed < TimeSpan.FromSeconds(45) && flood.Elapsed < TimeSpan.FromMinutes(8))
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            if (c.Check.Refused != last) { last = c.Check.Refused; stalled.Restart(); }
        }
        Output.WriteLine($"{c.Check.Refused} of {ids} made-up ids taken in ({c.Check.Refused + RealArtworks.Length} shards), then {(c.Check.Refused < ids ? "nothing for 45 s" : "all")}, " +
            $"{flood.Elapsed.TotalSeconds:F0} s; {ShardingRows(c.Journal)} sharding journal rows");
        var asked = Stopwatch.StartNew();
        await c.Honest.CheckAsync(RealArtworks[0], TimeSpan.FromSeconds(60));
        Output.WriteLine($"a check of an artwork whose shard exists answered in {asked.Elapsed.TotalSeconds:F1} s");
        c.Registered.Add(Rosters.ArtworkId("registered-after-the-flood"));
        try
        {
            await c.Honest.CheckAsync(Rosters.ArtworkId("registered-after-the-flood"), TimeSpan.FromSeconds(20));
            Output.WriteLine("an artwork new to the cluster got its shard");
        }
        catch (AskTimeoutException)
        {
            Output.WriteLine("an artwork new to the cluster got no shard within 20 s");
        }
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[32];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Rows of sharding's own journal (remember-entities, the coordinator), not the artwork actors' events.</summary>
    private static long ShardingRows(string journal)
    {
        using var connection = new SqliteConnection($"Data Source={journal};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM journal WHERE persistence_id NOT LIKE 'artwork-%'";
        return (long)count.ExecuteScalar()!;
    }
}
