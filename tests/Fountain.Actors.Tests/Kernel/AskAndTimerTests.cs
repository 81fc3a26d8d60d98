using Fountain.Actors.TestKit;

namespace Fountain.Actors.Tests.Kernel;

public sealed class AskAndTimerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    internal sealed record Ping(int Value, ActorRef<int> ReplyTo);

    private sealed class Doubler : Actor<Ping>
    {
        protected override void Receive(Ping message)
        {
            if (message.Value >= 0) message.ReplyTo.Tell(message.Value * 2);
        }
    }

    [Fact]
    public async Task Ask_returns_the_reply_and_completes_off_the_replying_actor()
    {
        await using var kit = new ActorTestKit();
        var doubler = kit.Spawn(() => new Doubler());
        var task = doubler.Ask<Ping, int>(r => new Ping(21, r), Wait);
        Assert.True(((TaskCreationOptions)task.CreationOptions).HasFlag(TaskCreationOptions.RunContinuationsAsynchronously));
        Assert.Equal(42, await task.WaitAsync(Wait));
    }

    [Fact]
    public async Task Ask_times_out_on_the_injected_clock()
    {
        await using var kit = new ActorTestKit();
        var doubler = kit.Spawn(() => new Doubler());
        var task = doubler.Ask<Ping, int>(r => new Ping(-1, r), TimeSpan.FromSeconds(3));
        kit.Clock.Advance(TimeSpan.FromSeconds(2.9));
        Assert.False(task.IsCompleted);
        kit.Clock.Advance(TimeSpan.FromSeconds(0.1));
        var error = await Assert.ThrowsAsync<AskTimeoutException>(() => task.WaitAsync(Wait));
        Assert.Contains(doubler.Path, error.Message);
        Assert.Equal(0, kit.System.ActiveTimers);
    }

    [Fact]
    public async Task Ask_is_cancellable_and_refuses_a_missing_or_infinite_timeout()
    {
        await using var kit = new ActorTestKit();
        var doubler = kit.Spawn(() => new Doubler());
        using var cts = new CancellationTokenSource();
        var task = doubler.Ask<Ping, int>(r => new Ping(-1, r), Wait, cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = doubler.Ask<Ping, int>(r => new Ping(1, r), Timeout.InfiniteTimeSpan); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = doubler.Ask<Ping, int>(r => new Ping(1, r), TimeSpan.Zero); });
    }

    [Fact]
    public async Task Ask_to_a_stopped_actor_fails_at_once_and_late_replies_are_dead_letters()
    {
        await using var kit = new ActorTestKit(callingThread: true);
        var doubler = kit.Spawn(() => new Doubler());
        kit.System.Stop(doubler);
        await Assert.ThrowsAsync<InvalidOperationException>(() => doubler.Ask<Ping, int>(r => new Ping(1, r), Wait));

        ActorRef<int>? replyTo = null;
        var alive = kit.Spawn(() => new Doubler());
        var task = alive.Ask<Ping, int>(r => { replyTo = r; return new Ping(-1, r); }, TimeSpan.FromSeconds(1));
        kit.Clock.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<AskTimeoutException>(() => task);
        var before = kit.System.DeadLetters.Count;
        Assert.False(replyTo!.Tell(7));
        Assert.Equal(before + 1, kit.System.DeadLetters.Count);
    }

    private sealed class TimerActor(ActorRef<string> report) : Actor<string>
    {
        protected override void Receive(string message)
        {
            switch (message)
            {
                case "single": Context.Timers.StartSingle("s", "fired-single", TimeSpan.FromSeconds(5)); break;
                case "periodic": Context.Timers.StartPeriodic("p", "fired-periodic", TimeSpan.FromSeconds(1)); break;
                case "cancel": Context.Timers.Cancel("p"); Context.Timers.Cancel("s"); break;
                default: report.Tell(message); break;
            }
        }
    }

    [Fact]
    public async Task Timers_fire_in_due_order_when_the_clock_advances_and_stop_when_cancelled()
    {
        await using var kit = new ActorTestKit(callingThread: true);
        var probe = kit.CreateProbe<string>();
        var actor = kit.Spawn(() => new TimerActor(probe.Ref));
        actor.Tell("single");
        actor.Tell("periodic");
        kit.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(["fired-periodic", "fired-periodic", "fired-periodic"], probe.ReceiveN(3, TimeSpan.Zero));
        kit.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(["fired-periodic", "fired-periodic", "fired-single"], probe.ReceiveN(3, TimeSpan.Zero).Order());
        actor.Tell("cancel");
        kit.Clock.Advance(TimeSpan.FromSeconds(10));
        probe.ExpectNoMsg(TimeSpan.Zero);
        Assert.Equal(0, kit.System.ActiveTimers);
    }

    [Fact]
    public async Task Timers_are_cancelled_when_the_actor_stops()
    {
        await using var kit = new ActorTestKit(callingThread: true);
        var probe = kit.CreateProbe<string>();
        var actor = kit.Spawn(() => new TimerActor(probe.Ref));
        actor.Tell("periodic");
        actor.Tell("single");
        Assert.Equal(2, kit.System.ActiveTimers);
        kit.System.Stop(actor);
        Assert.Equal(0, kit.System.ActiveTimers);
        Assert.Equal(0, kit.Clock.ActiveTimers);
        kit.Clock.Advance(TimeSpan.FromSeconds(10));
        probe.ExpectNoMsg(TimeSpan.Zero);
    }

    private sealed class Piper(ActorRef<string> report, Task<int> work) : Actor<string>
    {
        protected override void Receive(string message)
        {
            if (message == "go") Context.PipeToSelf(work, v => "result:" + v, e => "error:" + e.Message);
            else report.Tell(message);
        }
    }

    [Fact]
    public async Task PipeToSelf_turns_a_task_outcome_into_a_message()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe<string>();
        var work = new TaskCompletionSource<int>();
        var actor = kit.Spawn(() => new Piper(probe.Ref, work.Task));
        actor.Tell("go");
        work.SetResult(5);
        probe.ExpectMsg("result:5", Wait);
        var failing = kit.Spawn(() => new Piper(probe.Ref, Task.FromException<int>(new IOException("disk"))));
        failing.Tell("go");
        probe.ExpectMsg("error:disk", Wait);
    }
}
