namespace Fountain.Actors.Persistence;

/// <summary>
/// An event journal. Implementations (SQLite, PostgreSQL, in memory) pass one contract test suite:
/// <list type="bullet">
/// <item>an append is atomic and must continue the stored sequence exactly (highest + 1, no gaps), otherwise
/// it throws <see cref="JournalConcurrencyException"/> and stores nothing; this is what rejects a second writer;</item>
/// <item>reads return events in sequence order within inclusive bounds, at most <c>maxEvents</c> at a time;</item>
/// <item>deleting events never lowers the highest sequence number, so a deleted sequence is never reused.</item>
/// </list>
/// The node's artwork actors and the chain use this interface.
/// </summary>
public interface IJournal
{
    Task AppendAsync(string persistenceId, IReadOnlyList<PersistentEvent> events, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<PersistentEvent>> ReadAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, int maxEvents,
        CancellationToken cancellationToken = default);

    /// <summary>The highest sequence number ever appended (0 when none), deleted events included.</summary>
    Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default);

    /// <summary>Deletes the events up to and including <paramref name="toSequenceNr"/>.</summary>
    Task DeleteEventsToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default);
}

/// <summary>Snapshots of actor state; recovery starts from the latest one and replays the events after it.</summary>
public interface ISnapshotStore
{
    /// <summary>Saves a snapshot; saving the same (id, sequence) again replaces it.</summary>
    Task SaveSnapshotAsync(SnapshotRecord snapshot, CancellationToken cancellationToken = default);

    Task<SnapshotRecord?> LoadLatestSnapshotAsync(string persistenceId, CancellationToken cancellationToken = default);

    /// <summary>Deletes the snapshots up to and including <paramref name="toSequenceNr"/>.</summary>
    Task DeleteSnapshotsToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default);
}

/// <summary>The argument checks every journal applies before touching storage, so bad input changes nothing.</summary>
internal static class JournalArguments
{
    public static void CheckId(string persistenceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        if (persistenceId.Length > 255) throw new ArgumentException("a persistence id has at most 255 characters", nameof(persistenceId));
    }

    public static void CheckAppend(string persistenceId, IReadOnlyList<PersistentEvent> events)
    {
        CheckId(persistenceId);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0) throw new ArgumentException("an append needs at least one event", nameof(events));
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i] ?? throw new ArgumentException($"event {i} is null", nameof(events));
            if (e.PersistenceId != persistenceId) throw new ArgumentException($"event {i} belongs to '{e.PersistenceId}', not '{persistenceId}'", nameof(events));
            if (e.SequenceNr != events[0].SequenceNr + i) throw new ArgumentException("the events of one append must have consecutive sequence numbers", nameof(events));
            if (e.SequenceNr < 1) throw new ArgumentException("sequence numbers start at 1", nameof(events));
            ArgumentNullException.ThrowIfNull(e.Payload);
            ArgumentNullException.ThrowIfNull(e.Manifest);
        }
    }

    public static void CheckRead(string persistenceId, long from, long to, int maxEvents)
    {
        CheckId(persistenceId);
        if (from < 1) throw new ArgumentOutOfRangeException(nameof(from), from, "sequence numbers start at 1");
        if (to < from - 1) throw new ArgumentOutOfRangeException(nameof(to), to, "the upper bound is below the lower bound");
        if (maxEvents < 1) throw new ArgumentOutOfRangeException(nameof(maxEvents), maxEvents, "read at least one event");
    }
}
