using Fountain.Actors.Artworks;

namespace Fountain.Actors.Tests.Support;

/// <summary>A check's report as the tests make it.</summary>
internal sealed record TestReport(CheckSummary Summary) : IArtworkCheckReport;

/// <summary>
/// The artwork check port, scripted: each run is a <see cref="Run"/> the test drives (settle the heal in flight, start a
/// heal, finish or fail); the runs are queued in <see cref="Runs"/> as the actor starts them.
/// </summary>
internal sealed class ScriptedCheck : IArtworkCheck
{
    public sealed class Run(string artworkId, long epochHeight, ArtworkEvent? inFlight, Action<bool> settled, Func<HealStarting, Task> healStarting, CancellationToken cancellation)
    {
        public string ArtworkId { get; } = artworkId;
        public long EpochHeight { get; } = epochHeight;
        public ArtworkEvent? InFlight { get; } = inFlight;
        public CancellationToken Cancellation { get; } = cancellation;
        public TaskCompletionSource<IArtworkCheckReport> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Settle(bool landed) => settled(landed);
        public Task StartHealAsync(HealStarting heal) => healStarting(heal);
        public void Finish(CheckSummary summary) => Result.TrySetResult(new TestReport(summary));
    }

    private readonly System.Threading.Channels.Channel<Run> _runs = System.Threading.Channels.Channel.CreateUnbounded<Run>();
    private int _started;

    public int Started => Volatile.Read(ref _started);

    /// <summary>The next run the actor starts.</summary>
    public async Task<Run> NextAsync() => await _runs.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public Task<IArtworkCheckReport> RunAsync(string artworkId, long epochHeight, ArtworkEvent? inFlight, Action<bool> inFlightSettled, Func<HealStarting, Task> healStarting,
        CancellationToken cancellation)
    {
        Interlocked.Increment(ref _started);
        var run = new Run(artworkId, epochHeight, inFlight, inFlightSettled, healStarting, cancellation);
        cancellation.Register(() => run.Result.TrySetCanceled(cancellation));
        _runs.Writer.TryWrite(run);
        return run.Result.Task;
    }

    public static CheckSummary Measured(long epoch, double redundancy, int blocksAdded = 0, string? failure = null) =>
        new(epoch, redundancy, 10, redundancy + blocksAdded, 10 + blocksAdded, blocksAdded, failure);
}
