namespace Fountain.Chain.Persistence;

/// <summary>
/// The durable, append-only transaction log of a development chain (SQLite embedded, PostgreSQL optional, or in
/// memory for tests). Sequences start at 1 and have no gaps; an append whose sequence is not the next one is refused
/// with <see cref="ChainLogConflictException"/>, so two chains can never interleave in one log.
/// </summary>
public interface IChainLog : IAsyncDisposable
{
    /// <summary>Entries with sequence ≥ <paramref name="fromSequence"/>, in order, at most <paramref name="maxEntries"/>.</summary>
    Task<IReadOnlyList<ChainLogEntry>> ReadAsync(long fromSequence, int maxEntries, CancellationToken cancellation = default);

    /// <summary>Appends one entry durably; returns only once it is stored.</summary>
    Task AppendAsync(ChainLogEntry entry, CancellationToken cancellation = default);
}
