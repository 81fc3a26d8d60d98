using System.Text;
using Fountain.Actors.Persistence;

namespace Fountain.Actors.Sharding;

/// <summary>The set of entity keys a region keeps alive across restarts (remember-entities). One region writes it.</summary>
public interface IRememberEntitiesStore
{
    Task<IReadOnlyCollection<string>> LoadAsync(CancellationToken cancellationToken = default);
    Task AddAsync(string key, CancellationToken cancellationToken = default);
    Task RemoveAsync(string key, CancellationToken cancellationToken = default);
}

/// <summary>
/// Remembered entities as events in an <see cref="IJournal"/> (so SQLite and PostgreSQL both work): "+key"
/// and "-key" under one persistence id per region. Calls must not overlap (the region awaits each in order).
/// </summary>
public sealed class JournalRememberEntitiesStore(IJournal journal, string persistenceId, int replayBatchEvents = 1000) : IRememberEntitiesStore
{
    private const string Manifest = "remember-entities";
    private long _sequenceNr = -1;

    public async Task<IReadOnlyCollection<string>> LoadAsync(CancellationToken cancellationToken = default)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        long next = 1;
        while (true)
        {
            var batch = await journal.ReadAsync(persistenceId, next, long.MaxValue, replayBatchEvents, cancellationToken).ConfigureAwait(false);
            foreach (var e in batch)
            {
                var text = Encoding.UTF8.GetString(e.Payload);
                if (text.StartsWith('+')) keys.Add(text[1..]);
                else keys.Remove(text[1..]);
                next = e.SequenceNr + 1;
            }
            if (batch.Count < replayBatchEvents) break;
        }
        _sequenceNr = await journal.ReadHighestSequenceNrAsync(persistenceId, cancellationToken).ConfigureAwait(false);
        return keys;
    }

    public Task AddAsync(string key, CancellationToken cancellationToken = default) => WriteAsync('+', key, cancellationToken);

    public Task RemoveAsync(string key, CancellationToken cancellationToken = default) => WriteAsync('-', key, cancellationToken);

    private async Task WriteAsync(char change, string key, CancellationToken cancellationToken)
    {
        if (_sequenceNr < 0) _sequenceNr = await journal.ReadHighestSequenceNrAsync(persistenceId, cancellationToken).ConfigureAwait(false);
        var next = _sequenceNr + 1;
        await journal.AppendAsync(persistenceId, [new PersistentEvent(persistenceId, next, Manifest, Encoding.UTF8.GetBytes(change + key))], cancellationToken).ConfigureAwait(false);
        _sequenceNr = next;
    }
}
