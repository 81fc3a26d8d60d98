using Akka.Actor;
using Akka.TestKit;
using Fountain.Actors.Artworks;
using Fountain.Actors.Tests.Support;

namespace Fountain.Actors.Tests.Artworks;

/// <summary>The node's artwork region: actors on demand, idle passivation (never during a check), messages held while an actor stops, hand-off.</summary>
public sealed class ArtworkRegionTests() : Akka.TestKit.Xunit2.TestKit(AkkaConfigs.Setup(AkkaConfigs.Fountain(AkkaConfigs.VirtualTime)))
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(2);

    private readonly ScriptedCheck _check = new();

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    private IActorRef StartRegion() =>
        Sys.ActorOf(ArtworkRegion.Props(id => ArtworkActor.Props(id, new ArtworkActorSettings(_check, TimeSpan.FromHours(1), Idle))), "artworks");

    private ArtworkRegionState StateOf(IActorRef region) => region.Ask<ArtworkRegionState>(GetArtworkRegionState.Instance, Bound).Result;

    private async Task CheckAsync(IActorRef region, string artworkId, long epoch)
    {
        region.Tell(new CheckArtwork(artworkId, 5), TestActor);
        var run = await _check.NextAsync();
        Assert.Equal(artworkId, run.ArtworkId);
        run.Finish(ScriptedCheck.Measured(epoch, 12));
        ExpectMsg<IArtworkCheckReport>(Bound);
    }

    [Fact]
    public async Task One_actor_per_artwork_is_started_on_demand_and_an_idle_one_is_passivated()
    {
        var region = StartRegion();
        await CheckAsync(region, "aa", 1);
        await CheckAsync(region, "bb", 1);
        await CheckAsync(region, "aa", 2);
        Assert.Equal(new ArtworkRegionState(2, 0, 2, 0), StateOf(region));

        Clock.Advance(Idle);
        AwaitAssert(() => Assert.Equal(new ArtworkRegionState(0, 0, 2, 2), StateOf(region)), Bound);

        await CheckAsync(region, "aa", 3); // started again (recovering its journal)
        Assert.Equal(new ArtworkRegionState(1, 0, 3, 2), StateOf(region));
    }

    [Fact]
    public async Task A_running_check_is_never_passivated_however_long_it_takes()
    {
        var region = StartRegion();
        region.Tell(new CheckArtwork("aa", 5), TestActor);
        var run = await _check.NextAsync();
        for (int i = 0; i < 10; i++) Clock.Advance(Idle);
        await Task.Delay(100); // room for a wrong passivation to happen
        Assert.Equal(new ArtworkRegionState(1, 0, 1, 0), StateOf(region));
        Assert.False(run.Cancellation.IsCancellationRequested);
        run.Finish(ScriptedCheck.Measured(1, 12));
        ExpectMsg<IArtworkCheckReport>(Bound);
    }

    [Fact]
    public async Task Requests_that_meet_a_passivation_are_delivered_to_the_actor_started_after_it()
    {
        var region = StartRegion();
        await CheckAsync(region, "aa", 1);
        Clock.Advance(Idle); // the actor asks to be passivated ...
        region.Tell(new CheckArtwork("aa", 5), TestActor); // ... and a request comes meanwhile: held, or to a fresh actor
        (await _check.NextAsync()).Finish(ScriptedCheck.Measured(2, 12));
        Assert.Equal(2, ExpectMsg<IArtworkCheckReport>(Bound).Summary.EpochHeight);
    }

    [Fact]
    public async Task An_actor_that_got_a_request_before_its_passivation_stop_refuses_it_and_keeps_its_check()
    {
        var region = StartRegion();
        await CheckAsync(region, "aa", 1);
        var actor = await Sys.ActorSelection("/user/artworks/artwork-aa").ResolveOne(Bound);
        actor.Tell(new CheckArtwork("aa", 5), TestActor); // straight to the actor: it is busy when the region's stop arrives
        var run = await _check.NextAsync();
        actor.Tell(new Passivate(), ActorRefs.NoSender); // not from the actor itself: ignored by the region
        Clock.Advance(Idle); // no timeout while the check runs, so no passivation either
        var second = CreateTestProbe(); // another asker: one asker waiting twice is answered once
        region.Tell(new CheckArtwork("aa", 5), second); // joins the running check
        _ = StateOf(region); // the region answers in order, so it has handed the request on before the check finishes
        run.Finish(ScriptedCheck.Measured(2, 12));
        ExpectMsg<IArtworkCheckReport>(Bound);
        second.ExpectMsg<IArtworkCheckReport>(Bound);
        Assert.Equal(new ArtworkRegionState(1, 0, 1, 0), StateOf(region));
    }

    [Fact]
    public async Task A_hand_off_stops_the_actors_of_artworks_this_node_no_longer_owns()
    {
        var region = StartRegion();
        await CheckAsync(region, "aa", 1);
        await CheckAsync(region, "bb", 1);
        region.Tell(new HandOffArtworks(id => id == "bb"));
        AwaitAssert(() => Assert.Equal(1, StateOf(region).Active), Bound);
        await CheckAsync(region, "bb", 2);
        Assert.Equal(2, StateOf(region).Started);
    }
}
