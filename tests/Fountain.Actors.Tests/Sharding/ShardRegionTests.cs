using System.Collections.Concurrent;
using Fountain.Actors.Persistence;
using Fountain.Actors.Sharding;
using Fountain.Actors.TestKit;

namespace Fountain.Actors.Tests.Sharding;

public sealed class ShardRegionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static Task<(string Node, long Total)> ReadAsync(ShardRegion<EntityMessage> region, string key)
    {
        var reply = new TaskCompletionSource<(string, long)>(TaskCreationOptions.RunContinuationsAsynchronously);
        return region.System.ActorOf(Props<(string, long)>.Create(() => new OneShot<(string, long)>(reply))) is var probe
            && region.Tell(key, new Read(probe)) ? reply.Task.WaitAsync(Wait) : Task.FromException<(string, long)>(new InvalidOperationException("region full"));
    }

    /// <summary>Statistics with a real-time limit too: the asks run on the manual clock, which no one advances here.</summary>
    private static Task<ShardRegionStatistics> Stats(ShardRegion<EntityMessage> region) =>
        region.GetStatisticsAsync(Wait, new CancellationTokenSource(Wait).Token);

    private sealed class OneShot<TReply>(TaskCompletionSource<TReply> reply) : Actor<TReply>
    {
        protected override void Receive(TReply message)
        {
            reply.TrySetResult(message);
            Context.Stop(Self);
        }
    }

    [Fact]
    public async Task Entities_activate_on_first_message_and_are_counted()
    {
        await using var kit = new ActorTestKit();
        var starts = new ConcurrentBag<string>();
        var region = ShardRegion<EntityMessage>.Start(kit.System, new ShardRegionOptions<EntityMessage>
        {
            TypeName = "plain", NodeId = "a", Members = ["a"],
            EntityFactory = e => new PlainEntity(e, starts.Add),
        });
        for (var i = 0; i < 20; i++) region.Tell($"key/{i % 5}", new Increment(1));
        Assert.Equal(("a", 4L), await ReadAsync(region, "key/3"));
        var stats = await Stats(region);
        Assert.Equal(5, stats.LiveEntities);
        Assert.Equal(5, stats.Activations);
        ActorTestKit.AwaitAssert(() => Assert.Equal(5, starts.Count), Wait);   // PreStart runs on each entity's own turn
    }

    [Fact]
    public async Task Passivation_through_the_parent_buffers_then_recreates_the_entity()
    {
        await using var kit = new ActorTestKit();
        var journal = new InMemoryJournal();
        var starts = new ConcurrentQueue<string>();
        var region = ShardRegion<EntityMessage>.Start(kit.System, new ShardRegionOptions<EntityMessage>
        {
            TypeName = "counter", NodeId = "a", Members = ["a"],
            EntityFactory = e => new ShardedCounter(e, new PersistenceSettings<Incremented>(journal, new JsonEventSerializer<Incremented>()), starts.Enqueue),
            // Room for everything the loop below may send before the region starts buffering.
            Settings = new ShardingSettings { EntityMailbox = new MailboxSettings { CapacityMessages = 100_000 } },
        });
        region.Tell("k", new Increment(2));
        using var gate = new ManualResetEventSlim();
        region.Tell("k", new PassivateYourself());
        region.Tell("k", new Block(gate));
        // Once the region has taken the passivation request, new messages wait in its bounded buffer.
        var sent = 0;
        var deadline = DateTime.UtcNow + Wait;
        while ((await Stats(region)).BufferedMessages == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the region never started buffering");
            Assert.True(region.Tell("k", new Increment(1)));
            sent++;
        }
        gate.Set();
        Assert.Equal(("a", 2L + sent), await ReadAsync(region, "k"));
        var stats = await Stats(region);
        Assert.Equal(1, stats.Passivations);
        Assert.Equal(2, stats.Activations);
        Assert.Equal(["k", "k"], starts);
        Assert.Equal(0, stats.BufferedMessages);
    }

    [Fact]
    public async Task Idle_entities_are_passivated_on_the_clock()
    {
        await using var kit = new ActorTestKit();
        var region = ShardRegion<EntityMessage>.Start(kit.System, new ShardRegionOptions<EntityMessage>
        {
            TypeName = "plain", NodeId = "a", Members = ["a"],
            EntityFactory = e => new PlainEntity(e),
            Settings = new ShardingSettings { PassivateIdleAfter = TimeSpan.FromMinutes(2) },
        });
        region.Tell("old", new Increment(1));
        Assert.Equal(1, (await Stats(region)).LiveEntities);
        kit.Clock.Advance(TimeSpan.FromMinutes(1));
        region.Tell("young", new Increment(1));
        Assert.Equal(2, (await Stats(region)).LiveEntities);
        kit.Clock.Advance(TimeSpan.FromMinutes(1.5));
        ActorTestKit.AwaitAssert(() => Assert.Equal(1, Stats(region).Result.LiveEntities), Wait);
        Assert.Equal(("a", 0L), await ReadAsync(region, "old"));   // re-created fresh (no persistence)
        kit.Clock.Advance(TimeSpan.FromMinutes(5));
        ActorTestKit.AwaitAssert(() => Assert.Equal(0, Stats(region).Result.LiveEntities), Wait);
    }

    [Fact]
    public async Task Hand_off_on_membership_change_stops_here_and_recovers_at_the_new_owner()
    {
        await using var kit = new ActorTestKit();
        var journal = new InMemoryJournal();   // shared, as the artwork's truth is shared (the chain) in production
        var transport = new InMemoryShardTransport<EntityMessage>();
        string[] nodes = ["a", "b", "c"];
        var regions = nodes.Select(n => ShardRegion<EntityMessage>.Start(kit.System, new ShardRegionOptions<EntityMessage>
        {
            TypeName = "counter", NodeId = n, Members = nodes, Transport = transport,
            EntityFactory = e => new ShardedCounter(e, new PersistenceSettings<Incremented>(journal, new JsonEventSerializer<Incremented>())),
        })).ToList();
        regions.ForEach(transport.Register);

        var keys = Enumerable.Range(0, 30).Select(i => $"artwork-{i}").ToList();
        foreach (var key in keys) regions[0].Tell(key, new Increment(10));   // all through node a: most are forwarded
        foreach (var key in keys) Assert.Equal((RendezvousPlacement.Instance.OwnerOf(key, nodes), 10L), await ReadAsync(regions[0], key));
        var before = ShardingStatistics.From(await Task.WhenAll(regions.Select(Stats)));
        Assert.Equal(3, before.Regions);
        Assert.Equal(30, before.TotalEntities);
        Assert.True(before.EntitiesPerNode["c"] > 0);

        string[] remaining = ["a", "b"];
        foreach (var region in regions) await region.UpdateMembersAsync(remaining);
        foreach (var key in keys) regions[2].Tell(key, new Increment(1));    // even through the node that left
        foreach (var key in keys)
        {
            // Read through the same node as the increments: messages from one sender stay in order.
            var (node, total) = await ReadAsync(regions[2], key);
            Assert.Equal(RendezvousPlacement.Instance.OwnerOf(key, remaining), node);
            Assert.Equal(11L, total);
        }
        // The entities handed off by c finish stopping on their own turns.
        ActorTestKit.AwaitAssert(() =>
        {
            var after = ShardingStatistics.From(Task.WhenAll(regions.Select(Stats)).Result);
            Assert.Equal(0, after.EntitiesPerNode["c"]);
            Assert.Equal(30, after.TotalEntities);
        }, Wait);
        Assert.Equal(before.EntitiesPerNode["c"], (await Stats(regions[2])).HandOffs);
    }

    [Fact]
    public async Task Remembered_entities_start_again_when_the_region_restarts()
    {
        await using var kit = new ActorTestKit();
        var journal = new InMemoryJournal();
        var starts = new ConcurrentQueue<string>();
        ShardRegion<EntityMessage> StartRegion(string suffix) => ShardRegion<EntityMessage>.Start(kit.System, new ShardRegionOptions<EntityMessage>
        {
            TypeName = "remembered" + suffix, NodeId = "a", Members = ["a"],
            EntityFactory = e => new PlainEntity(e, starts.Enqueue),
            Settings = new ShardingSettings { RememberEntities = true },
            RememberStore = new JournalRememberEntitiesStore(journal, "remember-a"),
        });

        var first = StartRegion("-1");
        foreach (var key in new[] { "x", "y", "z" }) first.Tell(key, new Increment(1));
        first.Tell("y", new PassivateYourself());      // an explicit passivation forgets the entity
        ActorTestKit.AwaitAssert(() => Assert.Equal(2, Stats(first).Result.LiveEntities), Wait);
        ActorTestKit.AwaitAssert(() => Assert.Equal(4, journal.ReadHighestSequenceNrAsync("remember-a").Result), Wait);
        kit.System.Stop(first.Ref);
        ActorTestKit.AwaitAssert(() => Assert.True(first.Ref.IsTerminated), Wait);

        starts.Clear();
        var second = StartRegion("-2");
        ActorTestKit.AwaitAssert(() => Assert.Equal(2, Stats(second).Result.LiveEntities), Wait);
        ActorTestKit.AwaitAssert(() => Assert.Equal(["x", "z"], starts.Order()), Wait);   // PreStart runs on the entities' own turns
    }

    [Fact]
    public async Task The_entity_limit_passivates_the_least_recently_used()
    {
        await using var kit = new ActorTestKit();
        var region = ShardRegion<EntityMessage>.Start(kit.System, new ShardRegionOptions<EntityMessage>
        {
            TypeName = "limited", NodeId = "a", Members = ["a"],
            EntityFactory = e => new PlainEntity(e),
            Settings = new ShardingSettings { MaxLiveEntities = 10 },
        });
        // The region stamps a message when it routes it: wait for that (a statistics reply comes after it)
        // before moving the clock on.
        for (var i = 0; i < 10; i++)
        {
            region.Tell($"k{i}", new Increment(1));
            await Stats(region);
            kit.Clock.Advance(TimeSpan.FromSeconds(1));   // k0 is the least recently used, k9 the most
        }
        region.Tell("k0", new Increment(1));              // k0 is now the most recent; k1 the least
        await Stats(region);
        kit.Clock.Advance(TimeSpan.FromSeconds(1));
        region.Tell("k10", new Increment(1));
        ActorTestKit.AwaitAssert(() => Assert.Equal(10, Stats(region).Result.LiveEntities), Wait);
        var stats = await Stats(region);
        Assert.Equal(1, stats.Passivations);
        Assert.Equal(("a", 2L), await ReadAsync(region, "k0"));   // still the same instance
        Assert.Equal(("a", 0L), await ReadAsync(region, "k1"));   // passivated, re-created fresh
    }

    [Fact]
    public async Task Keys_owned_by_no_reachable_node_go_to_dead_letters()
    {
        await using var kit = new ActorTestKit();
        var region = ShardRegion<EntityMessage>.Start(kit.System, new ShardRegionOptions<EntityMessage>
        {
            TypeName = "lonely", NodeId = "a", Members = ["b"],
            EntityFactory = e => new PlainEntity(e),
        });
        var dead = new ConcurrentQueue<DeadLetter>();
        using var _ = kit.System.DeadLetters.Subscribe(dead.Enqueue);
        region.Tell("k", new Increment(1));
        var stats = await Stats(region);
        Assert.Equal(1, stats.DeadLettered);
        Assert.Equal(0, stats.LiveEntities);
        Assert.Contains(dead, d => d.Reason == DeadLetterReason.NoRoute);
    }
}
