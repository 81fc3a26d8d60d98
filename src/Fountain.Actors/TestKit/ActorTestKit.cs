using System.Diagnostics;

namespace Fountain.Actors.TestKit;

/// <summary>
/// An actor system for tests: a <see cref="ManualClock"/>, probes, a recording log, and optionally the
/// calling-thread mode in which every Tell is processed before it returns. Everything that waits on the
/// system's clock (timers, back-offs, ask timeouts) waits for <see cref="ManualClock.Advance"/>: an ask that
/// gets no reply only times out when the test advances the clock, so give asks a cancellation token with a
/// real-time limit where a missing reply must fail the test rather than hang it.
/// </summary>
public sealed class ActorTestKit : IAsyncDisposable
{
    private int _probeCounter;

    public ActorTestKit(bool callingThread = false, ActorSystemSettings? settings = null, TimeSpan? defaultTimeout = null)
    {
        Clock = new ManualClock();
        Log = new RecordingActorLog();
        DefaultTimeout = defaultTimeout ?? TimeSpan.FromSeconds(5);
        System = ActorSystem.Create("test", (settings ?? new ActorSystemSettings()) with { CallingThread = callingThread }, Clock, Log);
    }

    public ActorSystem System { get; }
    public ManualClock Clock { get; }
    public RecordingActorLog Log { get; }
    public TimeSpan DefaultTimeout { get; }

    public TestProbe<T> CreateProbe<T>(string? name = null, int capacityMessages = 100_000) =>
        new(System, name ?? $"probe-{Interlocked.Increment(ref _probeCounter)}", DefaultTimeout, capacityMessages);

    public ActorRef<T> Spawn<T>(Func<Actor<T>> factory, string? name = null) => System.ActorOf(Props<T>.Create(factory), name);

    /// <summary>Runs <paramref name="block"/> and fails if it takes longer than <paramref name="max"/> (real time).</summary>
    public static TResult Within<TResult>(TimeSpan max, Func<TResult> block)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = block();
        if (stopwatch.Elapsed > max)
            throw new TestKitAssertionException($"the block took {stopwatch.Elapsed.TotalMilliseconds:0} ms, more than {max.TotalMilliseconds:0} ms");
        return result;
    }

    public static void Within(TimeSpan max, Action block) => Within(max, () => { block(); return 0; });

    /// <summary>
    /// Retries <paramref name="assertion"/> until it passes or <paramref name="timeout"/> runs out (real time),
    /// for state that another thread reaches eventually; the last failure is reported.
    /// </summary>
    public static void AwaitAssert(Action assertion, TimeSpan timeout, TimeSpan? interval = null)
    {
        var stopwatch = Stopwatch.StartNew();
        var pause = interval ?? TimeSpan.FromMilliseconds(10);
        using var never = new ManualResetEventSlim(false);
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception) when (stopwatch.Elapsed < timeout)
            {
                // Waits on an event nobody sets: a pause between attempts that needs no thread of its own.
                never.Wait(pause);
            }
            catch (Exception e)
            {
                throw new TestKitAssertionException($"the assertion still failed after {timeout.TotalMilliseconds:0} ms: {e.Message}", e);
            }
        }
    }

    public async ValueTask DisposeAsync() => await System.TerminateAsync().ConfigureAwait(false);
}

/// <summary>Keeps every log entry, for tests that check what was logged.</summary>
public sealed class RecordingActorLog : IActorLog
{
    private readonly List<ActorLogEntry> _entries = [];

    public IReadOnlyList<ActorLogEntry> Entries
    {
        get { lock (_entries) return _entries.ToList(); }
    }

    public void Write(in ActorLogEntry entry)
    {
        lock (_entries) _entries.Add(entry);
    }
}
