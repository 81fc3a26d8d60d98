namespace Fountain.Actors.Persistence;

/// <summary>Where and how a persistent actor stores its events.</summary>
public sealed record PersistenceSettings<TEvent>(IJournal Journal, IEventSerializer<TEvent> Serializer)
{
    /// <summary>Where snapshots go; none are taken when null.</summary>
    public ISnapshotStore? Snapshots { get; init; }

    /// <summary>A snapshot is taken after this many events since the last one; 0 disables snapshots.</summary>
    public int SnapshotEveryEvents { get; init; } = 100;

    /// <summary>Events read per journal round trip during recovery, which bounds the memory recovery uses.</summary>
    public int ReplayBatchEvents { get; init; } = 1000;

    /// <summary>A journal call that takes longer fails the actor (which is then restarted with back-off).</summary>
    public TimeSpan JournalTimeout { get; init; } = TimeSpan.FromSeconds(10);

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Journal);
        ArgumentNullException.ThrowIfNull(Serializer);
        if (SnapshotEveryEvents < 0) throw new ArgumentOutOfRangeException(nameof(SnapshotEveryEvents), SnapshotEveryEvents, "cannot be negative");
        if (ReplayBatchEvents < 1) throw new ArgumentOutOfRangeException(nameof(ReplayBatchEvents), ReplayBatchEvents, "must be at least 1");
        if (JournalTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(JournalTimeout), JournalTimeout, "must be positive");
    }
}

/// <summary>A journal write failed or timed out; the actor stops and its supervisor restarts it after a back-off.</summary>
public sealed class JournalWriteException(string persistenceId, long sequenceNr, Exception inner)
    : Exception($"persisting '{persistenceId}' at sequence {sequenceNr} failed: {inner.Message}", inner);

/// <summary>Loading a snapshot or replaying events failed; the supervisor retries after a back-off.</summary>
public sealed class RecoveryFailedException(string persistenceId, Exception inner)
    : Exception($"recovering '{persistenceId}' failed: {inner.Message}", inner);
