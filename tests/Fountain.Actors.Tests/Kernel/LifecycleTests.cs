using Fountain.Actors.TestKit;

namespace Fountain.Actors.Tests.Kernel;

public sealed class LifecycleTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Stop_stops_children_first_then_the_parent()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe<string>();
        var parent = kit.Spawn(() => new Parent(probe.Ref), "parent");
        probe.ExpectMsg("child started", Wait);
        kit.System.Stop(parent);
        Assert.Equal(["child stopped", "parent stopped"], probe.ReceiveN(2, Wait));
    }

    [Fact]
    public async Task Watch_delivers_terminated_and_watching_a_stopped_actor_delivers_at_once()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe<string>();
        var victim = kit.Spawn(() => new CounterActor(kit.CreateProbe<string>().Ref), "victim");
        var watcher = kit.Spawn(() => new Watcher(probe.Ref), "watcher");
        watcher.Tell(victim);
        probe.ExpectMsg("watching", Wait);
        kit.System.Stop(victim);
        probe.ExpectMsg("terminated /user/victim", Wait);

        watcher.Tell(victim);
        probe.ExpectMsg("watching", Wait);
        probe.ExpectMsg("terminated /user/victim", Wait);
    }

    [Fact]
    public async Task Duplicate_and_invalid_names_are_refused()
    {
        await using var kit = new ActorTestKit();
        kit.Spawn(() => new CounterActor(kit.CreateProbe<string>().Ref), "one");
        Assert.Throws<InvalidActorNameException>(() => kit.Spawn(() => new CounterActor(kit.CreateProbe<string>().Ref), "one"));
        Assert.Throws<InvalidActorNameException>(() => kit.Spawn(() => new CounterActor(kit.CreateProbe<string>().Ref), "a/b"));
    }

    [Fact]
    public async Task Shutdown_leaves_no_actor_timer_or_thread_running()
    {
        var kit = new ActorTestKit();
        var probe = kit.CreateProbe<string>();
        var codec = kit.System.ActorOf(Props<string>.Create(() => new ThreadReporter(probe.Ref)) with { Dispatcher = "codec" }, "codec-worker");
        codec.Tell("where");
        Assert.StartsWith("fountain-codec-", probe.ExpectMsg(Wait));
        var ticker = kit.Spawn(() => new Ticker(probe.Ref), "ticker");
        probe.ExpectMsg("ticking", Wait);
        _ = ticker.Ask<string, string>(r => "never-answered", TimeSpan.FromMinutes(5));
        Assert.True(kit.System.ActiveTimers >= 2);
        Assert.True(kit.System.Dispatchers.LiveThreads >= 1);

        await kit.DisposeAsync();

        Assert.True(kit.System.WhenTerminated.IsCompleted);
        Assert.True(codec.IsTerminated);
        Assert.True(ticker.IsTerminated);
        Assert.Equal(0, kit.System.Dispatchers.LiveThreads);
        // The pending ask's timer is the only one left: it belongs to the caller, not to an actor.
        Assert.Equal(1, kit.System.ActiveTimers);
        Assert.Equal(1, kit.Clock.ActiveTimers);
        kit.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, kit.System.ActiveTimers);
        Assert.Equal(0, kit.Clock.ActiveTimers);
        Assert.Throws<InvalidOperationException>(() => kit.Spawn(() => new Ticker(probe.Ref)));
    }

    private sealed class Parent(ActorRef<string> report) : Actor<string>
    {
        protected override void PreStart() => Context.Spawn(Props<string>.Create(() => new Child(report)), "child");
        protected override void PostStop() => report.Tell("parent stopped");
        protected override void Receive(string message) { }
    }

    private sealed class Child(ActorRef<string> report) : Actor<string>
    {
        protected override void PreStart() => report.Tell("child started");
        protected override void PostStop() => report.Tell("child stopped");
        protected override void Receive(string message) { }
    }

    private sealed class Watcher(ActorRef<string> report) : Actor<ActorRef>
    {
        protected override void Receive(ActorRef message)
        {
            Context.Watch(message);
            report.Tell("watching");
        }

        protected override void OnTerminated(ActorRef actor) => report.Tell("terminated " + actor.Path);
    }

    private sealed class ThreadReporter(ActorRef<string> report) : Actor<string>
    {
        protected override void Receive(string message) => report.Tell(Thread.CurrentThread.Name ?? "");
    }

    private sealed class Ticker(ActorRef<string> report) : Actor<string>
    {
        protected override void PreStart()
        {
            Context.Timers.StartPeriodic("tick", "tick", TimeSpan.FromSeconds(1));
            report.Tell("ticking");
        }

        protected override void Receive(string message) { }
    }
}
