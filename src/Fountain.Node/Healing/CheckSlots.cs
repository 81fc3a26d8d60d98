using Fountain.Node.Concurrency;

namespace Fountain.Node.Healing;

/// <summary>
/// The turns of a node's artwork checks: at most <c>max-concurrent-checks</c> run at once (a survey, heal or holder
/// maintenance each holds many connections and, for a heal, a decoded archive), the rest wait. Counts the most that ever
/// ran at once, for tests.
/// </summary>
internal sealed class CheckSlots(int maxConcurrentChecks)
{
    private readonly SemaphoreSlim _slots = new(maxConcurrentChecks);
    private long _running, _peakRunning;

    /// <summary>Most checks this node has run at once (at most max-concurrent-checks).</summary>
    public int PeakConcurrentChecks => (int)Interlocked.Read(ref _peakRunning);

    /// <summary>Runs <paramref name="check"/> once a slot is free.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> check, CancellationToken cancellation)
    {
        await _slots.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            PeakCounter.Raise(ref _peakRunning, Interlocked.Increment(ref _running));
            return await check().ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            _slots.Release();
        }
    }
}
