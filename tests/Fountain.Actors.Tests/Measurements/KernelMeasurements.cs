using System.Diagnostics;
using System.Runtime.CompilerServices;
using Xunit.Abstractions;

namespace Fountain.Actors.Tests.Measurements;

/// <summary>
/// Fast measurements of the kernel's targets (seconds, not minutes), printed to the test output. They assert
/// only generous bounds because CI runs on a loaded machine; the BenchmarkDotNet classes in
/// tests/Fountain.Benchmarks/Actors*.cs are the careful versions. Run alone with
/// <c>dotnet test tests/Fountain.Actors.Tests -c Release --filter Category=Measurement --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Measurement")]
public sealed class KernelMeasurements(ITestOutputHelper output)
{
    [Fact]
    public async Task One_way_throughput_between_two_actors()
    {
        const long messages = 3_000_000;
        // A warm-up lets tiered JIT compile the hot path; the best of three runs is the least disturbed by
        // whatever else the machine is doing.
        await OneWay.RunAsync(messages / 10);
        await ChannelBound.RunAsync(messages / 10);
        double rate = 0, bound = 0;
        for (var run = 0; run < 3; run++)
        {
            rate = Math.Max(rate, (await OneWay.RunAsync(messages)).MessagesPerSecond);
            bound = Math.Max(bound, await ChannelBound.RunAsync(messages));
        }
        // DESIGN.md asks for ratios against a bound measured in the same run: here, the same number of
        // messages between two tasks through a bare bounded Channel<long> of the same capacity.
        output.WriteLine($"one-way: {messages:N0} messages, {rate / 1e6:0.00} M msgs/s; bare bounded channel {bound / 1e6:0.00} M msgs/s; ratio {rate / bound:0.00}");
        Assert.True(rate > 100_000, $"{rate:0} msgs/s is far below any reasonable figure");
    }

    [Fact]
    public async Task Ask_round_trip_latency()
    {
        var (p50, p99) = await AskLatency.RunAsync(warmup: 20_000, samples: 50_000);
        output.WriteLine($"ask round trip: p50 {p50:0.0} µs, p99 {p99:0.0} µs");
        Assert.True(p50 < 5_000, $"p50 {p50} µs");
    }
}

/// <summary>
/// Two actors, one way: a producer sends value-type messages to a consumer, which grants credit back every
/// <c>ackEvery</c> messages so that the producer never overruns the consumer's bounded mailbox.
/// </summary>
internal static class OneWay
{
    public static async Task<(double MessagesPerSecond, TimeSpan Elapsed)> RunAsync(long total, int window = 20_000)
    {
        var settings = new ActorSystemSettings
        {
            DefaultMailbox = new MailboxSettings { CapacityMessages = window, ThroughputPerTurn = 1000 },
        };
        await using var system = ActorSystem.Create("one-way", settings);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var producerBox = new StrongBox<ActorRef<int>>();
        var consumer = system.ActorOf(Props<long>.Create(() => new Consumer(total, window / 4, producerBox, done)), "consumer");
        var producer = system.ActorOf(Props<int>.Create(() => new Producer(consumer, total)), "producer");
        producerBox.Value = producer;
        var stopwatch = Stopwatch.StartNew();
        producer.Tell(window);
        await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
        stopwatch.Stop();
        return (total / stopwatch.Elapsed.TotalSeconds, stopwatch.Elapsed);
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

/// <summary>The bound the actors are compared with: a producer and a consumer task on a bare bounded channel.</summary>
internal static class ChannelBound
{
    public static async Task<double> RunAsync(long total, int capacity = 20_000)
    {
        var channel = System.Threading.Channels.Channel.CreateBounded<long>(new System.Threading.Channels.BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        var stopwatch = Stopwatch.StartNew();
        var producer = Task.Run(async () =>
        {
            for (long i = 0; i < total; i++)
            {
                if (!channel.Writer.TryWrite(i)) await channel.Writer.WriteAsync(i);
            }
            channel.Writer.Complete();
        });
        var consumer = Task.Run(async () =>
        {
            long received = 0;
            while (await channel.Reader.WaitToReadAsync())
            {
                while (channel.Reader.TryRead(out _)) received++;
            }
            return received;
        });
        await producer;
        if (await consumer != total) throw new InvalidOperationException("the channel lost messages");
        return total / stopwatch.Elapsed.TotalSeconds;
    }
}

/// <summary>Sequential asks from outside the system to an echo actor; percentiles of the round trip.</summary>
internal static class AskLatency
{
    public sealed record Echo(long Value, ActorRef<long> ReplyTo);

    public static async Task<(double P50Micros, double P99Micros)> RunAsync(int warmup, int samples)
    {
        await using var system = ActorSystem.Create("ask");
        var echo = system.ActorOf(Props<Echo>.Create(() => new EchoActor()), "echo");
        var timeout = TimeSpan.FromSeconds(10);
        for (var i = 0; i < warmup; i++) await echo.Ask<Echo, long>(r => new Echo(i, r), timeout);
        var micros = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await echo.Ask<Echo, long>(r => new Echo(i, r), timeout);
            micros[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        Array.Sort(micros);
        return (micros[samples / 2], micros[(int)(samples * 0.99)]);
    }

    private sealed class EchoActor : Actor<Echo>
    {
        protected override void Receive(Echo message) => message.ReplyTo.Tell(message.Value);
    }
}
