using System.Diagnostics;
using Fountain.Actors.TestKit;

namespace Fountain.Actors.Tests.TestKit;

public sealed class TestKitTests
{
    [Fact]
    public void Manual_clock_fires_due_timers_in_order_at_their_own_time()
    {
        var clock = new ManualClock();
        var start = clock.GetUtcNow();
        var fired = new List<(string Name, TimeSpan At)>();
        using var late = clock.CreateTimer(_ => fired.Add(("late", clock.GetUtcNow() - start)), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add(("early", clock.GetUtcNow() - start)), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var tick = clock.CreateTimer(_ => fired.Add(("tick", clock.GetUtcNow() - start)), null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
        using var never = clock.CreateTimer(_ => fired.Add(("never", clock.GetUtcNow() - start)), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(
            [("early", TimeSpan.FromSeconds(1)), ("tick", TimeSpan.FromSeconds(2)), ("late", TimeSpan.FromSeconds(3)), ("tick", TimeSpan.FromSeconds(4)), ("tick", TimeSpan.FromSeconds(6))],
            fired);
        Assert.Equal(TimeSpan.FromSeconds(6), clock.GetUtcNow() - start);
        tick.Dispose();
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(5, fired.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromTicks(-1)));
    }

    [Fact]
    public async Task Probe_fishes_past_unwanted_messages_and_reports_what_it_got()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe<int>();
        foreach (var i in new[] { 1, 3, 5, 8, 9 }) probe.Ref.Tell(i);
        Assert.Equal(8, probe.FishForMessage(i => i % 2 == 0, TimeSpan.Zero));
        Assert.Equal(9, probe.ExpectMsg(TimeSpan.Zero));
        var error = Assert.Throws<TestKitAssertionException>(() => probe.ExpectMsg(TimeSpan.Zero));
        Assert.Contains("no message", error.Message);
        probe.Ref.Tell(4);
        Assert.Contains("received 4", Assert.Throws<TestKitAssertionException>(() => probe.ExpectMsg(5, TimeSpan.Zero)).Message);
        probe.Ref.Tell(6);
        Assert.Throws<TestKitAssertionException>(() => probe.ExpectNoMsg(TimeSpan.Zero));
    }

    [Fact]
    public void Within_fails_a_block_that_takes_too_long_and_AwaitAssert_reports_the_last_failure()
    {
        Assert.Equal(7, ActorTestKit.Within(TimeSpan.FromSeconds(10), () => 7));
        var slow = Assert.Throws<TestKitAssertionException>(() => ActorTestKit.Within(TimeSpan.FromTicks(1), () =>
        {
            var stopwatch = Stopwatch.StartNew();
            while (stopwatch.Elapsed < TimeSpan.FromMilliseconds(2)) Thread.SpinWait(100);
        }));
        Assert.Contains("more than", slow.Message);

        var attempts = 0;
        ActorTestKit.AwaitAssert(() => Assert.True(++attempts >= 3), TimeSpan.FromSeconds(10), TimeSpan.Zero);
        Assert.Equal(3, attempts);
        var never = Assert.Throws<TestKitAssertionException>(() => ActorTestKit.AwaitAssert(() => Assert.Fail("still wrong"), TimeSpan.FromMilliseconds(20)));
        Assert.Contains("still wrong", never.Message);
    }
}
