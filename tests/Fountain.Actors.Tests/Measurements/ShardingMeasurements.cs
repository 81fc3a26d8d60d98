using Fountain.Actors.Sharding;
using Fountain.Actors.TestKit;
using Fountain.Actors.Tests.Sharding;
using Xunit.Abstractions;

namespace Fountain.Actors.Tests.Measurements;

/// <summary>
/// 100,000 sharded entities activated and passivated on one node: the memory per live entity and that
/// passivation gives it back. GC figures are process-wide, so the bound asserted is generous; the printed
/// figure is what matters (run alone for a clean number, see <see cref="KernelMeasurements"/>).
/// </summary>
[Trait("Category", "Measurement")]
public sealed class ShardingMeasurements(ITestOutputHelper output)
{
    [Fact]
    public async Task Bytes_per_live_sharded_entity_for_100000_entities()
    {
        var (bytesPerEntity, activateSeconds, passivateSeconds) = await EntityMemory.RunAsync(100_000);
        output.WriteLine($"100,000 entities: {bytesPerEntity:0} bytes per live entity; activated in {activateSeconds:0.00} s, passivated in {passivateSeconds:0.00} s");
        Assert.InRange(bytesPerEntity, 1, 64 * 1024);
    }
}

internal static class EntityMemory
{
    public static async Task<(double BytesPerEntity, double ActivateSeconds, double PassivateSeconds)> RunAsync(int entities)
    {
        await using var kit = new ActorTestKit();
        var region = ShardRegion<EntityMessage>.Start(kit.System, new ShardRegionOptions<EntityMessage>
        {
            TypeName = "memory", NodeId = "a", Members = ["a"],
            EntityFactory = e => new PlainEntity(e),
            Settings = new ShardingSettings { PassivateIdleAfter = TimeSpan.FromMinutes(2) },
        });
        var timeout = TimeSpan.FromMinutes(1);
        using var real = new CancellationTokenSource(timeout);
        var keys = Enumerable.Range(0, entities).Select(i => $"artwork-{i:D6}").ToArray();
        var increment = new Increment(1);
        Assert.Equal(0, (await region.GetStatisticsAsync(timeout, real.Token)).LiveEntities);
        var before = GC.GetTotalMemory(forceFullCollection: true);

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        foreach (var key in keys) await region.TellAsync(key, increment, real.Token);
        while ((await region.GetStatisticsAsync(timeout, real.Token)).LiveEntities < entities) await Task.Yield();
        var activate = stopwatch.Elapsed.TotalSeconds;
        var live = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(keys);

        stopwatch.Restart();
        kit.Clock.Advance(TimeSpan.FromMinutes(3));
        while ((await region.GetStatisticsAsync(timeout, real.Token)).LiveEntities > 0) await Task.Yield();
        var passivate = stopwatch.Elapsed.TotalSeconds;
        var stats = await region.GetStatisticsAsync(timeout, real.Token);
        Assert.Equal(entities, stats.Passivations);
        return ((live - before) / (double)entities, activate, passivate);
    }
}
