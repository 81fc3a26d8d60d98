using Fountain.Actors.Persistence;

namespace Fountain.Node.Healing;

/// <summary>
/// The artwork actors' journal, counting the calls in flight so that the node can close it only once they are done:
/// an actor's write may still be running when the actor system has stopped, and closing a database under a running
/// statement fails. After <see cref="DrainAsync"/> begins, new calls are refused.
/// </summary>
internal sealed class DrainingJournal(IJournal journal, ISnapshotStore snapshots) : IJournal, ISnapshotStore
{
    private readonly object _gate = new();
    private int _inFlight;
    private bool _closing;
    private TaskCompletionSource? _drained;

    public Task AppendAsync(string persistenceId, IReadOnlyList<PersistentEvent> events, CancellationToken cancellationToken = default) =>
        Run(() => journal.AppendAsync(persistenceId, events, cancellationToken));

    public Task<IReadOnlyList<PersistentEvent>> ReadAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, int maxEvents, CancellationToken cancellationToken = default) =>
        Run(() => journal.ReadAsync(persistenceId, fromSequenceNr, toSequenceNr, maxEvents, cancellationToken));

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default) =>
        Run(() => journal.ReadHighestSequenceNrAsync(persistenceId, cancellationToken));

    public Task DeleteEventsToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default) =>
        Run(() => journal.DeleteEventsToAsync(persistenceId, toSequenceNr, cancellationToken));

    public Task SaveSnapshotAsync(SnapshotRecord snapshot, CancellationToken cancellationToken = default) =>
        Run(() => snapshots.SaveSnapshotAsync(snapshot, cancellationToken));

    public Task<SnapshotRecord?> LoadLatestSnapshotAsync(string persistenceId, CancellationToken cancellationToken = default) =>
        Run(() => snapshots.LoadLatestSnapshotAsync(persistenceId, cancellationToken));

    public Task DeleteSnapshotsToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default) =>
        Run(() => snapshots.DeleteSnapshotsToAsync(persistenceId, toSequenceNr, cancellationToken));

    /// <summary>Refuses new calls and completes when the calls in flight have finished, or after <paramref name="timeout"/>.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        Task drained;
        lock (_gate)
        {
            _closing = true;
            if (_inFlight == 0) return;
            _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            drained = _drained.Task;
        }
        await Task.WhenAny(drained, Task.Delay(timeout)).ConfigureAwait(false);
    }

    private async Task Run(Func<Task> call) => await Run(async () => { await call().ConfigureAwait(false); return 0; }).ConfigureAwait(false);

    private async Task<T> Run<T>(Func<Task<T>> call)
    {
        lock (_gate)
        {
            if (_closing) throw new ObjectDisposedException(nameof(DrainingJournal), "the node is stopping; the healing journal is closed");
            _inFlight++;
        }
        try
        {
            return await call().ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                if (--_inFlight == 0) _drained?.TrySetResult();
            }
        }
    }
}
