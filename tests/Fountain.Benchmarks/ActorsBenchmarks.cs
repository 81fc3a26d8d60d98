using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Fountain.Actors;
using Fountain.Actors.Sharding;

namespace Fountain.Benchmarks;

/// <summary>
/// The actor kernel's targets (issue 3): one-way messages between two actors (≥ 3 M/s on the 2-core box)
/// and the ask round trip (p50 ≤ 20 µs; see the Median column). Run with
/// <c>dotnet run -c Release --project tests/Fountain.Benchmarks -- --filter '*Actors*'</c>.
/// The same measurements run in seconds as the <c>Category=Measurement</c> tests of Fountain.Actors.Tests.
/// </summary>
[MemoryDiagnoser]
public class ActorsOneWayBenchmarks
{
    private const int Messages = 1_000_000;
    private ActorSystem _system = null!;

    [Params(64, 1000)]
    public int ThroughputPerTurn { get; set; }

    [GlobalSetup]
    public void Setup() => _system = ActorSystem.Create("bench", new ActorSystemSettings
    {
        DefaultMailbox = new MailboxSettings { CapacityMessages = 20_000, ThroughputPerTurn = ThroughputPerTurn },
    });

    [GlobalCleanup]
    public void Cleanup() => _system.TerminateAsync().GetAwaiter().GetResult();

    /// <summary>A producer sends value-type messages to a consumer, which returns credit every quarter window.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public void OneWay()
    {
        const int window = 20_000;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var producerBox = new StrongBox<ActorRef<int>>();
        var consumer = _system.ActorOf(Props<long>.Create(() => new Consumer(Messages, window / 4, producerBox, done)));
        var producer = _system.ActorOf(Props<int>.Create(() => new Producer(consumer, Messages)));
        producerBox.Value = producer;
        producer.Tell(window);
        done.Task.GetAwaiter().GetResult();
        _system.Stop(producer);
        _system.Stop(consumer);
    }

    private sealed class Producer(ActorRef<long> consumer, long total) : Actor<int>
    {
        private long _sent;

        protected override void Receive(int credits)
        {
            for (var i = 0; i < credits && _sent < total; i++)
            {
                if (!consumer.Tell(_sent)) throw new InvalidOperationException("the consumer's mailbox overflowed despite the credit window");
                _sent++;
            }
        }
    }

    private sealed class Consumer(long total, int ackEvery, StrongBox<ActorRef<int>> producer, TaskCompletionSource done) : Actor<long>
    {
        private long _received;

        protected override void Receive(long message)
        {
            _received++;
            if (_received == total) done.TrySetResult();
            else if (_received % ackEvery == 0) producer.Value!.Tell(ackEvery);
        }
    }
}

/// <summary>Ask round trip from outside the system to an echo actor.</summary>
[MemoryDiagnoser]
public class ActorsAskBenchmarks
{
    public sealed record Echo(long Value, ActorRef<long> ReplyTo);

    private ActorSystem _system = null!;
    private ActorRef<Echo> _echo = null!;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench-ask");
        _echo = _system.ActorOf(Props<Echo>.Create(() => new EchoActor()));
    }

    [GlobalCleanup]
    public void Cleanup() => _system.TerminateAsync().GetAwaiter().GetResult();

    [Benchmark]
    public Task<long> AskRoundTrip() => _echo.Ask<Echo, long>(r => new Echo(1, r), Timeout);

    private sealed class EchoActor : Actor<Echo>
    {
        protected override void Receive(Echo message) => message.ReplyTo.Tell(message.Value);
    }
}

/// <summary>Messages through a shard region to 10,000 live entities (the region's routing cost per message).</summary>
[MemoryDiagnoser]
public class ActorsShardingBenchmarks
{
    private const int Entities = 10_000;
    private const int Messages = 100_000;
    private ActorSystem _system = null!;
    private ShardRegion<long> _region = null!;
    private string[] _keys = null!;
    private CountdownEvent? _pending;

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench-sharding");
        _keys = Enumerable.Range(0, Entities).Select(i => $"artwork-{i}").ToArray();
        _region = ShardRegion<long>.Start(_system, new ShardRegionOptions<long>
        {
            TypeName = "bench", NodeId = "a", Members = ["a"],
            EntityFactory = _ => new CountingEntity(this),
            Settings = new ShardingSettings { PassivateIdleAfter = TimeSpan.Zero },
        });
        _pending = new CountdownEvent(Entities);
        foreach (var key in _keys) _region.TellAsync(key, 0).AsTask().GetAwaiter().GetResult();
        _pending.Wait(TimeSpan.FromMinutes(1));
    }

    [GlobalCleanup]
    public void Cleanup() => _system.TerminateAsync().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Messages)]
    public void DeliverToLiveEntities()
    {
        _pending = new CountdownEvent(Messages);
        for (var i = 0; i < Messages; i++) _region.TellAsync(_keys[i % Entities], 1).AsTask().GetAwaiter().GetResult();
        _pending.Wait(TimeSpan.FromMinutes(1));
    }

    private sealed class CountingEntity(ActorsShardingBenchmarks owner) : Actor<long>
    {
        protected override void Receive(long message) => owner._pending!.Signal();
    }
}
