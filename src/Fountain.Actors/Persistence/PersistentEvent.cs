namespace Fountain.Actors.Persistence;

/// <summary>
/// One stored event: <c>(PersistenceId, SequenceNr)</c> is unique, sequence numbers start at 1 and have no
/// gaps. The payload is opaque bytes; the manifest names its format so that a reader can choose a decoder.
/// </summary>
public sealed record PersistentEvent(string PersistenceId, long SequenceNr, string Manifest, byte[] Payload);

/// <summary>A snapshot of an actor's state as of <see cref="SequenceNr"/>.</summary>
public sealed record SnapshotRecord(string PersistenceId, long SequenceNr, byte[] Payload);

/// <summary>
/// An append that does not continue the stored sequence: another writer got there first, or the writer's
/// view is stale. Nothing of the rejected batch is stored.
/// </summary>
public sealed class JournalConcurrencyException(string persistenceId, long expectedNext, long attempted, Exception? inner = null)
    : Exception($"journal '{persistenceId}': append at sequence {attempted} rejected, the next free sequence is {expectedNext} (a concurrent or stale writer)", inner)
{
    public string PersistenceId { get; } = persistenceId;
}
