using Fountain.Actors.TestKit;

namespace Fountain.Actors.Tests.Kernel;

public sealed class SupervisionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static ActorTestKit KitWith(Func<Exception, Directive> decider, int maxRestarts = 3, TimeSpan? minBackoff = null) =>
        new(callingThread: true, settings: new ActorSystemSettings
        {
            DefaultSupervisorStrategy = new SupervisorStrategy
            {
                Decider = decider,
                MaxRestarts = maxRestarts,
                RestartWindow = TimeSpan.FromMinutes(1),
                MinBackoff = minBackoff ?? TimeSpan.FromSeconds(1),
                MaxBackoff = TimeSpan.FromSeconds(8),
                BackoffJitter = 0,
            },
        });

    [Fact]
    public async Task Resume_keeps_the_state_and_the_mailbox_loop_goes_on()
    {
        await using var kit = KitWith(_ => Directive.Resume);
        var probe = kit.CreateProbe<string>();
        var actor = kit.Spawn(() => new CounterActor(probe.Ref), "counter");
        probe.ExpectMsg("started");
        actor.Tell("x");
        actor.Tell("fail");
        actor.Tell("x");
        actor.Tell("get");
        probe.ExpectMsg("count:2");
        Assert.Contains(kit.Log.Entries, e => e.Level == ActorLogLevel.Error && e.Path == "/user/counter" && e.Exception?.Message == "boom");
    }

    [Fact]
    public async Task Restart_waits_its_back_off_on_the_clock_then_starts_fresh()
    {
        await using var kit = KitWith(_ => Directive.Restart);
        var probe = kit.CreateProbe<string>();
        var actor = kit.Spawn(() => new CounterActor(probe.Ref));
        probe.ExpectMsg("started");
        actor.Tell("x");
        actor.Tell("fail");
        actor.Tell("get");                       // waits in the mailbox while the actor is suspended
        kit.Clock.Advance(TimeSpan.FromMilliseconds(999));
        probe.ExpectNoMsg(TimeSpan.Zero);
        kit.Clock.Advance(TimeSpan.FromMilliseconds(1));
        probe.ExpectMsg("stopped");              // PreRestart defaults to PostStop
        probe.ExpectMsg("restarted:boom");
        probe.ExpectMsg("started");
        probe.ExpectMsg("count:0");
    }

    [Fact]
    public async Task Back_off_doubles_per_restart_in_the_window_up_to_the_maximum()
    {
        var strategy = new SupervisorStrategy { MinBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(5), BackoffJitter = 0 };
        Assert.Equal(TimeSpan.FromSeconds(1), strategy.BackoffFor(0, 0.7));
        Assert.Equal(TimeSpan.FromSeconds(2), strategy.BackoffFor(1, 0.7));
        Assert.Equal(TimeSpan.FromSeconds(4), strategy.BackoffFor(2, 0.7));
        Assert.Equal(TimeSpan.FromSeconds(5), strategy.BackoffFor(3, 0.7));
        var jittered = strategy with { BackoffJitter = 0.5 };
        Assert.Equal(TimeSpan.FromSeconds(1.25), jittered.BackoffFor(0, 0.5));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Too_many_restarts_in_the_window_stop_the_child()
    {
        await using var kit = KitWith(_ => Directive.Restart, maxRestarts: 2, minBackoff: TimeSpan.Zero);
        var probe = kit.CreateProbe<string>();
        var watcherProbe = kit.CreateProbe<string>();
        var actor = kit.Spawn(() => new CounterActor(probe.Ref), "flaky");
        for (var i = 0; i < 3; i++) actor.Tell("fail");
        Assert.True(actor.IsTerminated);
        Assert.Contains(kit.Log.Entries, e => e.Path == "/user/flaky" && e.Message.Contains("reached the limit of 2"));
        Assert.Equal(2, probe.ReceiveN(probe.Pending, TimeSpan.Zero).Count(m => m.StartsWith("restarted:")));
    }

    [Fact]
    public async Task Restarts_outside_the_window_do_not_count()
    {
        await using var kit = KitWith(_ => Directive.Restart, maxRestarts: 1, minBackoff: TimeSpan.Zero);
        var probe = kit.CreateProbe<string>();
        var actor = kit.Spawn(() => new CounterActor(probe.Ref));
        actor.Tell("fail");
        kit.Clock.Advance(TimeSpan.FromMinutes(2));
        actor.Tell("fail");
        Assert.False(actor.IsTerminated);
    }

    [Fact]
    public async Task Stop_directive_stops_and_failed_start_stops_by_default()
    {
        await using var kit = new ActorTestKit(callingThread: true);
        var probe = kit.CreateProbe<string>();
        var broken = kit.Spawn<string>(() => throw new InvalidOperationException("cannot construct"), "broken");
        Assert.True(broken.IsTerminated);
        Assert.Contains(kit.Log.Entries, e => e.Path == "/user/broken" && e.Exception is ActorInitializationException);

        await using var stopKit = KitWith(_ => Directive.Stop);
        var actor = stopKit.Spawn(() => new CounterActor(probe.Ref));
        actor.Tell("fail");
        Assert.True(actor.IsTerminated);
    }

    [Fact]
    public async Task Escalate_fails_the_parent_whose_supervisor_restarts_it_with_its_children()
    {
        await using var kit = KitWith(_ => Directive.Restart, minBackoff: TimeSpan.Zero);
        var probe = kit.CreateProbe<string>();
        var parent = kit.System.ActorOf(Props<string>.Create(() => new EscalatingParent(probe.Ref)) with
        {
            SupervisorStrategy = new SupervisorStrategy { Decider = _ => Directive.Escalate },
        }, "parent");
        probe.ExpectMsg("parent started");
        probe.ExpectMsg("started");
        parent.Tell("fail-child");
        var events = probe.ReceiveN(probe.Pending, TimeSpan.Zero);
        Assert.Equal(["stopped", "parent started", "started"], events);
    }

    private sealed class EscalatingParent(ActorRef<string> report) : Actor<string>
    {
        private ActorRef<string>? _child;

        protected override void PreStart()
        {
            report.Tell("parent started");
            _child = Context.Spawn(Props<string>.Create(() => new CounterActor(report)), "child");
        }

        protected override void PreRestart(Exception cause) { }

        protected override void Receive(string message)
        {
            if (message == "fail-child") _child!.Tell("fail");
        }
    }
}
