using Akka.Actor;
using Akka.Persistence;
using Akka.TestKit;
using Fountain.Actors.Artworks;
using Fountain.Actors.Tests.Support;

namespace Fountain.Actors.Tests.Artworks;

/// <summary>
/// The artwork actor on Akka.Persistence (the in-memory journal of the test system) with a scripted check and virtual
/// time: one check at a time, persist then apply, the heal's start journaled before the heal goes on, recovery of a heal
/// left in flight and its settlement, the check timeout, snapshots.
/// </summary>
public sealed class ArtworkActorTests() : Akka.TestKit.Xunit2.TestKit(AkkaConfigs.Setup(AkkaConfigs.Fountain(AkkaConfigs.VirtualTime)))
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromMinutes(10);
    private const string Artwork = "0a0b";

    private readonly ScriptedCheck _check = new();
    private int _incarnation;

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    private IActorRef Start(int snapshotEvery = 100) =>
        Sys.ActorOf(ArtworkActor.Props(Artwork, new ArtworkActorSettings(_check, CheckTimeout, TimeSpan.FromHours(1), snapshotEvery)), $"artwork-{_incarnation++}");

    /// <summary>Stops the actor as a hand-off does: whatever it is doing, as if its node had lost the artwork or stopped.</summary>
    private void Stop(IActorRef actor)
    {
        var watcher = CreateTestProbe();
        watcher.Watch(actor);
        actor.Tell(StopArtwork.ForHandOff);
        watcher.ExpectTerminated(actor, Bound);
    }

    [Fact]
    public async Task Requests_during_a_check_wait_for_its_report_and_start_no_second_check()
    {
        var actor = Start();
        actor.Tell(new CheckArtwork(Artwork, 5), TestActor);
        var run = await _check.NextAsync();
        Assert.Equal(5, run.EpochHeight); // the check is for the epoch the request was decided at
        var second = CreateTestProbe();
        actor.Tell(new CheckArtwork(Artwork, 6), second); // a later epoch's request joins the running check
        await actor.Ask<ActorIdentity>(new Identify(null), Bound);
        run.Finish(ScriptedCheck.Measured(5, 11.0));
        var report = ExpectMsg<IArtworkCheckReport>(Bound);
        Assert.Same(report, second.ExpectMsg<IArtworkCheckReport>(Bound));
        Assert.Equal(1, _check.Started);
        Assert.Equal(5, report.Summary.EpochHeight);
    }

    [Fact]
    public async Task A_heal_goes_on_only_once_its_start_is_journaled_and_a_restart_recovers_it_in_flight()
    {
        var actor = Start();
        actor.Tell(new CheckArtwork(Artwork, 5), TestActor);
        var run = await _check.NextAsync();
        Assert.Null(run.InFlight);
        await run.StartHealAsync(new HealStarting(12, 41, 8, 2)).WaitAsync(Bound); // completes once heal-started is written
        Stop(actor); // killed mid-heal: no report, no commit
        ExpectMsg<Status.Failure>(Bound);

        var restarted = Start();
        restarted.Tell(new CheckArtwork(Artwork, 5), TestActor);
        var next = await _check.NextAsync();
        Assert.NotNull(next.InFlight);
        Assert.Equal((ArtworkEvent.HealStarted, 41u, 2, 12L), (next.InFlight!.Kind, next.InFlight.FirstNewIndex, next.InFlight.BasedOnAmendments, next.InFlight.EpochHeight));

        next.Settle(landed: true); // its amendment is on the ticket
        next.Finish(ScriptedCheck.Measured(13, 12.0));
        ExpectMsg<IArtworkCheckReport>(Bound);
        Stop(restarted);

        var third = Start();
        third.Tell(new CheckArtwork(Artwork, 5), TestActor);
        Assert.Null((await _check.NextAsync()).InFlight); // settled for good
        Assert.Equal([ArtworkEvent.HealStarted, ArtworkEvent.HealCommitted, ArtworkEvent.Measured], await EventsAsync());
    }

    [Fact]
    public async Task A_check_that_heals_journals_the_start_the_measurement_and_the_commit_in_that_order()
    {
        var actor = Start();
        actor.Tell(new CheckArtwork(Artwork, 5), TestActor);
        var run = await _check.NextAsync();
        await run.StartHealAsync(new HealStarting(12, 41, 8, 0)).WaitAsync(Bound);
        run.Finish(ScriptedCheck.Measured(12, 6.0, blocksAdded: 8));
        ExpectMsg<IArtworkCheckReport>(Bound);
        Assert.Equal([ArtworkEvent.HealStarted, ArtworkEvent.Measured, ArtworkEvent.HealCommitted], await EventsAsync());
    }

    [Fact]
    public async Task A_check_that_outlives_its_timeout_is_cancelled_and_its_askers_are_told()
    {
        var actor = Start();
        actor.Tell(new CheckArtwork(Artwork, 5), TestActor);
        var run = await _check.NextAsync();
        Clock.Advance(CheckTimeout - TimeSpan.FromSeconds(1));
        Assert.False(run.Cancellation.IsCancellationRequested);
        Clock.Advance(TimeSpan.FromSeconds(1));
        AwaitCondition(() => run.Cancellation.IsCancellationRequested, Bound);
        var failure = ExpectMsg<Status.Failure>(Bound);
        Assert.IsAssignableFrom<OperationCanceledException>(failure.Cause);
        Assert.Empty(await EventsAsync()); // a failed check journals nothing

        actor.Tell(new CheckArtwork(Artwork, 5), TestActor); // and the next request runs a new check
        (await _check.NextAsync()).Finish(ScriptedCheck.Measured(6, 11.0));
        ExpectMsg<IArtworkCheckReport>(Bound);
    }

    [Fact]
    public async Task Snapshots_are_saved_every_n_events_and_recovery_starts_from_the_latest()
    {
        var actor = Start(snapshotEvery: 2);
        for (int epoch = 1; epoch <= 5; epoch++)
        {
            actor.Tell(new CheckArtwork(Artwork, 5), TestActor);
            (await _check.NextAsync()).Finish(ScriptedCheck.Measured(epoch, 10 + epoch));
            ExpectMsg<IArtworkCheckReport>(Bound);
        }
        var store = Akka.Persistence.Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);
        AwaitAssert(() =>
        {
            var loaded = store.Ask<LoadSnapshotResult>(new LoadSnapshot(ArtworkActor.PersistenceIdOf(Artwork), SnapshotSelectionCriteria.Latest, long.MaxValue), Bound).Result;
            Assert.Equal(4, loaded.Snapshot?.Metadata.SequenceNr);
            Assert.Equal(new ArtworkState(14, 4, null, 0), loaded.Snapshot!.Snapshot);
        }, Bound);
        Stop(actor);

        var restarted = Start();
        restarted.Tell(new CheckArtwork(Artwork, 5), TestActor);
        Assert.Null((await _check.NextAsync()).InFlight);
    }

    /// <summary>The artwork's journal as the in-memory journal holds it.</summary>
    private async Task<IReadOnlyList<string>> EventsAsync()
    {
        var journal = Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null);
        var probe = CreateTestProbe();
        journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, ArtworkActor.PersistenceIdOf(Artwork), probe.Ref));
        var kinds = new List<string>();
        while (true)
        {
            var message = await probe.ReceiveOneAsync(Bound);
            if (message is ReplayedMessage replayed) kinds.Add(((ArtworkEvent)replayed.Persistent.Payload).Kind);
            else if (message is RecoverySuccess) return kinds;
            else throw new InvalidOperationException($"unexpected {message}");
        }
    }
}
