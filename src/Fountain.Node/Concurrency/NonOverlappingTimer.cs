namespace Fountain.Node.Concurrency;

/// <summary>
/// Runs a job every <c>period</c> on the injected clock, except that a tick finding the previous run still going is
/// skipped: runs never pile up, however slow a run or fast the clock (a manual test clock fires many ticks at once).
/// Disposal stops the ticks, cancels the running job's token and waits for it to end. The job reports its own failures;
/// one that throws would surface from <see cref="DisposeAsync"/>.
/// </summary>
internal sealed class NonOverlappingTimer : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task> _job;
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _gate = new();
    private readonly ITimer _timer;
    private Task _running = Task.CompletedTask;
    private bool _disposed;

    public NonOverlappingTimer(TimeProvider clock, TimeSpan period, Func<CancellationToken, Task> job)
    {
        _job = job;
        _timer = clock.CreateTimer(_ => Tick(), null, period, period);
    }

    private void Tick()
    {
        lock (_gate)
        {
            if (_disposed || !_running.IsCompleted) return;
            _running = _job(_stopping.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task running;
        lock (_gate)
        {
            _disposed = true;
            running = _running;
        }
        await _timer.DisposeAsync().ConfigureAwait(false);
        _stopping.Cancel();
        await running.ConfigureAwait(false);
        _stopping.Dispose();
    }
}
