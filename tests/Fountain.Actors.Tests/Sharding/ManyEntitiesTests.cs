using Fountain.Actors.Sharding;
using Fountain.Actors.TestKit;

namespace Fountain.Actors.Tests.Sharding;

public sealed class ManyEntitiesTests
{
    [Fact]
    public async Task Ten_thousand_entities_activate_and_all_passivate_when_idle()
    {
        await using var kit = new ActorTestKit();
        var region = ShardRegion<EntityMessage>.Start(kit.System, new ShardRegionOptions<EntityMessage>
        {
            TypeName = "many", NodeId = "a", Members = ["a"],
            EntityFactory = e => new PlainEntity(e),
            Settings = new ShardingSettings { PassivateIdleAfter = TimeSpan.FromSeconds(30) },
        });
        var timeout = TimeSpan.FromSeconds(30);
        using var real = new CancellationTokenSource(timeout);
        for (var i = 0; i < 10_000; i++) Assert.True(await region.TellAsync($"k{i}", new Increment(1), real.Token));
        ActorTestKit.AwaitAssert(() => Assert.Equal(10_000, region.GetStatisticsAsync(timeout, real.Token).Result.LiveEntities), timeout);
        kit.Clock.Advance(TimeSpan.FromSeconds(45));
        ActorTestKit.AwaitAssert(() => Assert.Equal(0, region.GetStatisticsAsync(timeout, real.Token).Result.LiveEntities), timeout);
        var stats = await region.GetStatisticsAsync(timeout, real.Token);
        Assert.Equal(10_000, stats.Activations);
        Assert.Equal(10_000, stats.Passivations);
        Assert.Equal(0, stats.DeadLettered);
    }
}
