using Fountain.Actors.TestKit;

namespace Fountain.Actors.Tests.Kernel;

public sealed class MailboxTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Messages_from_one_sender_arrive_in_order()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe<int>();
        var actor = kit.Spawn(() => new ForwardActor<int>(probe.Ref));
        for (var i = 0; i < 500; i++) Assert.True(await actor.TellAsync(i));
        Assert.Equal(Enumerable.Range(0, 500), probe.ReceiveN(500, Wait));
    }

    [Fact]
    public async Task Full_mailbox_pushes_back_and_TellAsync_waits_for_room()
    {
        var settings = new ActorSystemSettings { DefaultMailbox = new MailboxSettings { CapacityMessages = 3 } };
        await using var kit = new ActorTestKit(settings: settings);
        using var entered = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        var probe = kit.CreateProbe<string>();
        var actor = kit.Spawn(() => new GateActor(entered, gate, probe.Ref));

        Assert.True(actor.Tell("block"));
        Assert.True(entered.Wait(Wait));
        Assert.True(actor.Tell("a"));
        Assert.True(actor.Tell("b"));
        Assert.True(actor.Tell("c"));
        Assert.False(actor.Tell("refused"));          // full: nothing enqueued
        var waiting = actor.TellAsync("d").AsTask();
        Assert.False(waiting.IsCompleted);            // waits for room instead of dropping
        Assert.Equal(0, kit.System.DeadLetters.Count);

        gate.Set();
        Assert.True(await waiting.WaitAsync(Wait));
        Assert.Equal(["block", "a", "b", "c", "d"], probe.ReceiveN(5, Wait));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task Drop_mode_sends_overflow_to_dead_letters_and_counts_it()
    {
        var settings = new ActorSystemSettings
        {
            DefaultMailbox = new MailboxSettings { CapacityMessages = 2, Overflow = OverflowStrategy.DropToDeadLetters },
        };
        await using var kit = new ActorTestKit(settings: settings);
        using var entered = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        var probe = kit.CreateProbe<string>();
        var dead = new List<DeadLetter>();
        using var subscription = kit.System.DeadLetters.Subscribe(d => { lock (dead) dead.Add(d); });
        var actor = kit.Spawn(() => new GateActor(entered, gate, probe.Ref), "dropper");

        actor.Tell("block");
        Assert.True(entered.Wait(Wait));
        Assert.True(actor.Tell("a"));
        Assert.True(actor.Tell("b"));
        Assert.False(actor.Tell("x"));
        Assert.False(await actor.TellAsync("y"));
        gate.Set();

        Assert.Equal(["block", "a", "b"], probe.ReceiveN(3, Wait));
        Assert.Equal(2, kit.System.DeadLetters.DroppedOnOverflow);
        lock (dead)
        {
            Assert.Equal(["x", "y"], dead.Select(d => (string)d.Message!));
            Assert.All(dead, d => Assert.Equal("/user/dropper", d.Recipient));
            Assert.All(dead, d => Assert.Equal(DeadLetterReason.MailboxFull, d.Reason));
        }
    }

    [Fact]
    public async Task System_lane_goes_first_a_stop_overtakes_queued_messages()
    {
        await using var kit = new ActorTestKit();
        using var entered = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        var probe = kit.CreateProbe<string>();
        var actor = kit.Spawn(() => new GateActor(entered, gate, probe.Ref));
        actor.Tell("block");
        Assert.True(entered.Wait(Wait));
        actor.Tell("queued-1");
        actor.Tell("queued-2");
        kit.System.Stop(actor);
        gate.Set();

        probe.ExpectMsg("block", Wait);
        // The queued messages were never processed: they went to dead letters when the actor stopped.
        ActorTestKit.AwaitAssert(() => Assert.Equal(2, kit.System.DeadLetters.Count), Wait);
        Assert.True(actor.IsTerminated);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Assert.False(actor.Tell("late"));
        Assert.Equal(3, kit.System.DeadLetters.Count);
    }

    [Fact]
    public async Task Stash_keeps_messages_until_unstashed_in_their_order()
    {
        await using var kit = new ActorTestKit(callingThread: true);
        var probe = kit.CreateProbe<string>();
        var actor = kit.Spawn(() => new StashUntilOpen(probe.Ref));
        actor.Tell("1");
        actor.Tell("2");
        probe.ExpectNoMsg(TimeSpan.Zero);
        actor.Tell("open");
        actor.Tell("3");
        Assert.Equal(["1", "2", "3"], probe.ReceiveN(3, TimeSpan.Zero));
    }

    [Fact]
    public async Task Stash_overflow_fails_the_actor()
    {
        var settings = new ActorSystemSettings { DefaultMailbox = new MailboxSettings { StashCapacityMessages = 2 } };
        await using var kit = new ActorTestKit(callingThread: true, settings: settings);
        var probe = kit.CreateProbe<string>();
        var actor = kit.Spawn(() => new StashUntilOpen(probe.Ref), "stasher");
        actor.Tell("1");
        actor.Tell("2");
        actor.Tell("3");
        Assert.Contains(kit.Log.Entries, e => e.Path == "/user/stasher" && e.Exception is StashOverflowException);
    }

    [Fact]
    public async Task Calling_thread_mode_processes_a_tell_before_it_returns()
    {
        await using var kit = new ActorTestKit(callingThread: true);
        var probe = kit.CreateProbe<string>();
        var a = kit.Spawn(() => new ForwardActor<string>(probe.Ref));
        var b = kit.Spawn(() => new ForwardActor<string>(a));
        b.Tell("hop");
        Assert.Equal(1, probe.Pending);
        Assert.Equal("hop", probe.ExpectMsg(TimeSpan.Zero));
    }

    private sealed class StashUntilOpen(ActorRef<string> report) : Actor<string>
    {
        private bool _open;

        protected override void Receive(string message)
        {
            if (message == "open")
            {
                _open = true;
                Context.UnstashAll();
            }
            else if (!_open) Context.Stash(message);
            else report.Tell(message);
        }
    }
}
