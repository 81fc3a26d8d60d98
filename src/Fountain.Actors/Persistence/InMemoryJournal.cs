namespace Fountain.Actors.Persistence;

/// <summary>A journal and snapshot store in memory, for tests and simulations; it passes the same contract as the databases.</summary>
public sealed class InMemoryJournal : IJournal, ISnapshotStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, SortedList<long, PersistentEvent>> _events = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _highest = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedList<long, SnapshotRecord>> _snapshots = new(StringComparer.Ordinal);

    public Task AppendAsync(string persistenceId, IReadOnlyList<PersistentEvent> events, CancellationToken cancellationToken = default)
    {
        JournalArguments.CheckAppend(persistenceId, events);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var highest = _highest.GetValueOrDefault(persistenceId);
            if (events[0].SequenceNr != highest + 1)
                return Task.FromException(new JournalConcurrencyException(persistenceId, highest + 1, events[0].SequenceNr));
            if (!_events.TryGetValue(persistenceId, out var stored)) _events[persistenceId] = stored = new SortedList<long, PersistentEvent>();
            foreach (var e in events) stored.Add(e.SequenceNr, e with { Payload = e.Payload.ToArray() });
            _highest[persistenceId] = events[^1].SequenceNr;
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PersistentEvent>> ReadAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, int maxEvents, CancellationToken cancellationToken = default)
    {
        JournalArguments.CheckRead(persistenceId, fromSequenceNr, toSequenceNr, maxEvents);
        lock (_gate)
        {
            IReadOnlyList<PersistentEvent> result = _events.TryGetValue(persistenceId, out var stored)
                ? stored.Values.Where(e => e.SequenceNr >= fromSequenceNr && e.SequenceNr <= toSequenceNr).Take(maxEvents).ToList()
                : [];
            return Task.FromResult(result);
        }
    }

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default)
    {
        JournalArguments.CheckId(persistenceId);
        lock (_gate) return Task.FromResult(_highest.GetValueOrDefault(persistenceId));
    }

    public Task DeleteEventsToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default)
    {
        JournalArguments.CheckId(persistenceId);
        lock (_gate)
        {
            if (_events.TryGetValue(persistenceId, out var stored))
            {
                foreach (var seq in stored.Keys.Where(k => k <= toSequenceNr).ToList()) stored.Remove(seq);
            }
        }
        return Task.CompletedTask;
    }

    public Task SaveSnapshotAsync(SnapshotRecord snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        JournalArguments.CheckId(snapshot.PersistenceId);
        lock (_gate)
        {
            if (!_snapshots.TryGetValue(snapshot.PersistenceId, out var stored)) _snapshots[snapshot.PersistenceId] = stored = new SortedList<long, SnapshotRecord>();
            stored[snapshot.SequenceNr] = snapshot with { Payload = snapshot.Payload.ToArray() };
        }
        return Task.CompletedTask;
    }

    public Task<SnapshotRecord?> LoadLatestSnapshotAsync(string persistenceId, CancellationToken cancellationToken = default)
    {
        JournalArguments.CheckId(persistenceId);
        lock (_gate)
        {
            return Task.FromResult(_snapshots.TryGetValue(persistenceId, out var stored) && stored.Count > 0 ? stored.Values[^1] : null);
        }
    }

    public Task DeleteSnapshotsToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default)
    {
        JournalArguments.CheckId(persistenceId);
        lock (_gate)
        {
            if (_snapshots.TryGetValue(persistenceId, out var stored))
            {
                foreach (var seq in stored.Keys.Where(k => k <= toSequenceNr).ToList()) stored.Remove(seq);
            }
        }
        return Task.CompletedTask;
    }
}
