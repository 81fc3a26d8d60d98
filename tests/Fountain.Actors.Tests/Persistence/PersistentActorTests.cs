using System.Text;
using Fountain.Actors.Persistence;
using Fountain.Actors.TestKit;

namespace Fountain.Actors.Tests.Persistence;

public sealed class PersistentActorTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public abstract record CounterCommand;
    public sealed record Add(int Amount, ActorRef<long>? ReplyTo = null) : CounterCommand;
    public sealed record Get(ActorRef<long> ReplyTo) : CounterCommand;
    public sealed record Added(int Amount);

    /// <summary>A counter whose state is the sum of its events; it reports what recovery applied.</summary>
    private sealed class Counter(string id, PersistenceSettings<Added> settings, ActorRef<string> report) : PersistentActor<CounterCommand, Added>(settings)
    {
        private long _total;
        private int _applied;

        protected override string PersistenceId => id;

        protected override void OnCommand(CounterCommand command)
        {
            switch (command)
            {
                case Add add:
                    Persist(new Added(add.Amount), _ => add.ReplyTo?.Tell(_total));
                    break;
                case Get get:
                    get.ReplyTo.Tell(_total);
                    break;
            }
        }

        protected override void ApplyEvent(Added @event)
        {
            _total += @event.Amount;
            _applied++;
        }

        protected override byte[]? CreateSnapshot() => Encoding.UTF8.GetBytes(_total.ToString(System.Globalization.CultureInfo.InvariantCulture));

        protected override void ApplySnapshot(byte[] snapshot) => _total = long.Parse(Encoding.UTF8.GetString(snapshot), System.Globalization.CultureInfo.InvariantCulture);

        protected override void OnRecoveryCompleted() => report.Tell($"recovered total={_total} applied={_applied} seq={LastSequenceNr}");
    }

    private static PersistenceSettings<Added> Settings(IJournal journal, ISnapshotStore? snapshots = null, int snapshotEvery = 0) =>
        new(journal, new JsonEventSerializer<Added>()) { Snapshots = snapshots, SnapshotEveryEvents = snapshotEvery, ReplayBatchEvents = 3 };

    [Fact]
    public async Task Persist_then_apply_and_recover_after_a_new_incarnation()
    {
        await using var kit = new ActorTestKit();
        var journal = new InMemoryJournal();
        var probe = kit.CreateProbe<string>();
        var replies = kit.CreateProbe<long>();
        var counter = kit.Spawn(() => new Counter("c1", Settings(journal), probe.Ref), "c1");
        probe.ExpectMsg("recovered total=0 applied=0 seq=0", Wait);
        for (var i = 1; i <= 10; i++) counter.Tell(new Add(i, replies.Ref));
        Assert.Equal([1L, 3, 6, 10, 15, 21, 28, 36, 45, 55], replies.ReceiveN(10, Wait));
        Assert.Equal(10, await journal.ReadHighestSequenceNrAsync("c1"));

        kit.System.Stop(counter);
        ActorTestKit.AwaitAssert(() => Assert.True(counter.IsTerminated), Wait);
        var again = kit.Spawn(() => new Counter("c1", Settings(journal), probe.Ref), "c1-again");
        // Replay batches of 3: 3 + 3 + 3 + 1 events.
        probe.ExpectMsg("recovered total=55 applied=10 seq=10", Wait);
        Assert.Equal(55, await again.Ask<CounterCommand, long>(r => new Get(r), Wait));
    }

    [Fact]
    public async Task Persists_and_recovers_through_the_SQLite_journal_with_snapshots()
    {
        var dir = Directory.CreateTempSubdirectory("fountain-persistent-").FullName;
        try
        {
            await using var kit = new ActorTestKit();
            using var journal = new SqliteJournal(Path.Combine(dir, "journal.db"));
            var probe = kit.CreateProbe<string>();
            var replies = kit.CreateProbe<long>();
            var counter = kit.Spawn(() => new Counter("sqlite-1", Settings(journal, journal, snapshotEvery: 5), probe.Ref));
            probe.ExpectMsg("recovered total=0 applied=0 seq=0", Wait);
            for (var i = 1; i <= 12; i++) counter.Tell(new Add(i, replies.Ref));
            Assert.Equal(78L, replies.ReceiveN(12, Wait)[^1]);
            ActorTestKit.AwaitAssert(() => Assert.Equal(10, journal.LoadLatestSnapshotAsync("sqlite-1").Result?.SequenceNr), Wait);
            kit.System.Stop(counter);
            ActorTestKit.AwaitAssert(() => Assert.True(counter.IsTerminated), Wait);

            using var reopened = new SqliteJournal(Path.Combine(dir, "journal.db"));
            kit.Spawn(() => new Counter("sqlite-1", Settings(reopened, reopened, snapshotEvery: 5), probe.Ref));
            probe.ExpectMsg("recovered total=78 applied=2 seq=12", Wait);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Commands_sent_during_recovery_and_writes_wait_and_keep_their_order()
    {
        await using var kit = new ActorTestKit();
        var journal = new SlowJournal(new InMemoryJournal());
        var probe = kit.CreateProbe<string>();
        var replies = kit.CreateProbe<long>();
        var counter = kit.Spawn(() => new Counter("c2", Settings(journal), probe.Ref));
        for (var i = 0; i < 5; i++) counter.Tell(new Add(1, replies.Ref));
        counter.Tell(new Get(replies.Ref));
        journal.Open();
        probe.ExpectMsg("recovered total=0 applied=0 seq=0", Wait);
        Assert.Equal([1L, 2, 3, 4, 5, 5], replies.ReceiveN(6, Wait));
    }

    [Fact]
    public async Task Recovery_starts_from_the_latest_snapshot()
    {
        await using var kit = new ActorTestKit();
        var journal = new InMemoryJournal();
        var probe = kit.CreateProbe<string>();
        var replies = kit.CreateProbe<long>();
        var counter = kit.Spawn(() => new Counter("c3", Settings(journal, journal, snapshotEvery: 4), probe.Ref));
        probe.ExpectMsg(Wait);
        for (var i = 0; i < 9; i++) counter.Tell(new Add(2, replies.Ref));
        replies.ReceiveN(9, Wait);
        ActorTestKit.AwaitAssert(() => Assert.Equal(8, journal.LoadLatestSnapshotAsync("c3").Result?.SequenceNr), Wait);
        kit.System.Stop(counter);
        ActorTestKit.AwaitAssert(() => Assert.True(counter.IsTerminated), Wait);

        kit.Spawn(() => new Counter("c3", Settings(journal, journal, snapshotEvery: 4), probe.Ref));
        // Snapshot at 8 (total 16) plus one later event.
        probe.ExpectMsg("recovered total=18 applied=1 seq=9", Wait);
    }

    [Fact]
    public async Task A_failed_write_stops_the_actor_and_it_recovers_after_the_back_off()
    {
        var settings = new ActorSystemSettings
        {
            DefaultSupervisorStrategy = new SupervisorStrategy { MinBackoff = TimeSpan.FromSeconds(2), BackoffJitter = 0 },
        };
        await using var kit = new ActorTestKit(settings: settings);
        var journal = new FailingJournal(new InMemoryJournal());
        var probe = kit.CreateProbe<string>();
        var replies = kit.CreateProbe<long>();
        var counter = kit.Spawn(() => new Counter("c4", Settings(journal), probe.Ref), "c4");
        probe.ExpectMsg("recovered total=0 applied=0 seq=0", Wait);
        counter.Tell(new Add(5, replies.Ref));
        replies.ExpectMsg(5L, Wait);

        journal.FailNextAppend = true;
        counter.Tell(new Add(7, replies.Ref));
        ActorTestKit.AwaitAssert(() => Assert.Contains(kit.Log.Entries, e => e.Path == "/user/c4" && e.Exception is JournalWriteException), Wait);
        // The supervisor has scheduled the restart on the clock once it logs the back-off.
        ActorTestKit.AwaitAssert(() => Assert.Contains(kit.Log.Entries, e => e.Path == "/user/c4" && e.Message.StartsWith("restart in 2000 ms")), Wait);
        replies.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(50));     // not restarted before the back-off
        kit.Clock.Advance(TimeSpan.FromSeconds(2));
        probe.ExpectMsg("recovered total=5 applied=1 seq=1", Wait);
        counter.Tell(new Add(1, replies.Ref));
        replies.ExpectMsg(6L, Wait);
    }

    /// <summary>Holds every call until <see cref="Open"/>, to show commands waiting during recovery.</summary>
    private sealed class SlowJournal(IJournal inner) : IJournal
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public void Open() => _open.TrySetResult();
        public async Task AppendAsync(string id, IReadOnlyList<PersistentEvent> events, CancellationToken ct = default) { await _open.Task; await inner.AppendAsync(id, events, ct); }
        public async Task<IReadOnlyList<PersistentEvent>> ReadAsync(string id, long from, long to, int max, CancellationToken ct = default) { await _open.Task; return await inner.ReadAsync(id, from, to, max, ct); }
        public async Task<long> ReadHighestSequenceNrAsync(string id, CancellationToken ct = default) { await _open.Task; return await inner.ReadHighestSequenceNrAsync(id, ct); }
        public Task DeleteEventsToAsync(string id, long to, CancellationToken ct = default) => inner.DeleteEventsToAsync(id, to, ct);
    }

    private sealed class FailingJournal(IJournal inner) : IJournal
    {
        public volatile bool FailNextAppend;
        public Task AppendAsync(string id, IReadOnlyList<PersistentEvent> events, CancellationToken ct = default)
        {
            if (!FailNextAppend) return inner.AppendAsync(id, events, ct);
            FailNextAppend = false;
            return Task.FromException(new IOException("disk full"));
        }
        public Task<IReadOnlyList<PersistentEvent>> ReadAsync(string id, long from, long to, int max, CancellationToken ct = default) => inner.ReadAsync(id, from, to, max, ct);
        public Task<long> ReadHighestSequenceNrAsync(string id, CancellationToken ct = default) => inner.ReadHighestSequenceNrAsync(id, ct);
        public Task DeleteEventsToAsync(string id, long to, CancellationToken ct = default) => inner.DeleteEventsToAsync(id, to, ct);
    }
}
