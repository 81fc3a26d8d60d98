using Akka.Actor;
using Akka.TestKit;
using Fountain.Actors.Artworks;
using Fountain.Actors.Tests.Support;

namespace Fountain.Actors.Tests.Artworks;

/// <summary>
/// The artwork actor as an entity of the sharded region, with the test actor as its shard (its parent) and virtual time:
/// an idle actor asks its shard for Akka's Passivate with the artwork's own stop; a passivation stop that meets a running
/// check waits for the check (a shard cannot take a refusal: it holds the artwork's messages until the actor stops); so
/// does a hand-off (a rebalance), which stops an idle entity at once; an id the chain does not know is passivated at once.
/// </summary>
public sealed class ShardedArtworkActorTests() : Akka.TestKit.Xunit2.TestKit(AkkaConfigs.Setup(AkkaConfigs.Fountain(AkkaConfigs.VirtualTime)))
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(2);
    private const string Artwork = "5a5b";

    private readonly ScriptedCheck _check = new();

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    private IActorRef StartEntity() =>
        ChildActorOf(ArtworkActor.ShardedProps(Artwork, new ArtworkActorSettings(_check, TimeSpan.FromHours(1), Idle)), "entity", SupervisorStrategy.StoppingStrategy);

    /// <summary>A started entity, watched, with a check running for <paramref name="asker"/>.</summary>
    private async Task<(IActorRef Entity, TestProbe Watcher, ScriptedCheck.Run Check)> EntityWithRunningCheckAsync(TestProbe asker)
    {
        var entity = StartEntity();
        var watcher = CreateTestProbe();
        watcher.Watch(entity);
        entity.Tell(new CheckArtwork(Artwork, 1), asker);
        return (entity, watcher, await _check.NextAsync());
    }

    [Fact]
    public async Task An_idle_entity_asks_its_shard_to_passivate_it_with_the_artworks_own_stop()
    {
        var entity = StartEntity();
        var asker = CreateTestProbe();
        entity.Tell(new CheckArtwork(Artwork, 1), asker);
        (await _check.NextAsync()).Finish(ScriptedCheck.Measured(1, 12));
        asker.ExpectMsg<IArtworkCheckReport>(Bound);
        Clock.Advance(Idle);
        var passivate = ExpectMsg<Akka.Cluster.Sharding.Passivate>(Bound);
        Assert.Same(StopArtwork.Passivation, passivate.StopMessage);
    }

    [Fact]
    public async Task A_passivation_stop_that_meets_a_running_check_stops_the_entity_once_the_check_is_done()
    {
        var asker = CreateTestProbe();
        var (entity, watcher, run) = await EntityWithRunningCheckAsync(asker);
        entity.Tell(StopArtwork.Passivation); // as the shard does after a Passivate that crossed this request
        await entity.Ask<ActorIdentity>(new Identify(null), Bound); // the stop has been handled
        watcher.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.False(run.Cancellation.IsCancellationRequested);
        run.Finish(ScriptedCheck.Measured(2, 12));
        Assert.Equal(2, asker.ExpectMsg<IArtworkCheckReport>(Bound).Summary.EpochHeight);
        watcher.ExpectTerminated(entity, Bound);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // no refusal to the shard: it would not understand one
    }

    [Fact]
    public async Task A_hand_off_that_meets_a_running_check_stops_the_entity_once_the_check_is_done()
    {
        var asker = CreateTestProbe();
        var (entity, watcher, run) = await EntityWithRunningCheckAsync(asker);
        entity.Tell(StopArtwork.ForHandOff); // a rebalance moves the shard to the epoch's new custodian
        await entity.Ask<ActorIdentity>(new Identify(null), Bound); // the stop has been handled
        watcher.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.False(run.Cancellation.IsCancellationRequested); // the check is not cut
        run.Finish(ScriptedCheck.Measured(3, 12));
        Assert.Equal(3, asker.ExpectMsg<IArtworkCheckReport>(Bound).Summary.EpochHeight);
        watcher.ExpectTerminated(entity, Bound);
    }

    [Fact]
    public void A_hand_off_of_an_idle_entity_stops_it_at_once()
    {
        var entity = StartEntity();
        var watcher = CreateTestProbe();
        watcher.Watch(entity);
        entity.Tell(StopArtwork.ForHandOff);
        watcher.ExpectTerminated(entity, Bound);
    }

    [Fact]
    public async Task Repeated_requests_of_one_asker_during_a_check_are_answered_once_and_start_nothing()
    {
        var asker = CreateTestProbe();
        var (entity, _, run) = await EntityWithRunningCheckAsync(asker);
        for (int i = 0; i < 1000; i++) entity.Tell(new CheckArtwork(Artwork, 1), asker);
        await entity.Ask<ActorIdentity>(new Identify(null), Bound);
        run.Finish(ScriptedCheck.Measured(1, 12));
        asker.ExpectMsg<IArtworkCheckReport>(Bound);
        asker.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(1, _check.Started);
    }

    [Fact]
    public void An_id_the_chain_does_not_know_is_refused_and_its_entity_asks_its_shard_to_passivate_it_at_once()
    {
        var entity = ChildActorOf(ArtworkActor.ShardedProps("made-up", new ArtworkActorSettings(new UnknownArtworks(), TimeSpan.FromHours(1), Idle)), "made-up",
            SupervisorStrategy.StoppingStrategy);
        var asker = CreateTestProbe();
        entity.Tell(new CheckArtwork("made-up", 1), asker);
        Assert.IsType<ArtworkNotRegisteredException>(asker.ExpectMsg<Status.Failure>(Bound).Cause);
        var passivate = ExpectMsg<Akka.Cluster.Sharding.Passivate>(Bound); // at once: the clock has not moved
        Assert.Same(StopArtwork.Passivation, passivate.StopMessage);
    }

    private sealed class UnknownArtworks : IArtworkCheck
    {
        public Task<IArtworkCheckReport> RunAsync(string artworkId, long epochHeight, ArtworkEvent? inFlight, Action<bool> inFlightSettled, Func<HealStarting, Task> healStarting,
            CancellationToken cancellation) => Task.FromException<IArtworkCheckReport>(new ArtworkNotRegisteredException(artworkId));
    }
}
