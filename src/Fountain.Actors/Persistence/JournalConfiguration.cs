namespace Fountain.Actors.Persistence;

/// <summary>The journal a node uses; its host sets it in code.</summary>
public sealed record JournalConfiguration
{
    /// <summary><c>sqlite</c> (embedded default) or <c>postgres</c>.</summary>
    public string Journal { get; init; } = "sqlite";
    public string SqlitePath { get; init; } = "fountain-data/journal.db";
    public string PostgresConnectionString { get; init; } = "";
    public int SnapshotEveryEvents { get; init; } = 100;
    public int ReplayBatchEvents { get; init; } = 1000;
    public TimeSpan JournalTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Opens the configured journal; it is also the snapshot store. Dispose it when done.</summary>
    public async Task<(IJournal Journal, ISnapshotStore Snapshots, IAsyncDisposable Handle)> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (Journal == "postgres")
        {
            var postgres = await PostgresJournal.OpenAsync(PostgresConnectionString, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (postgres, postgres, postgres);
        }
        var sqlite = new SqliteJournal(SqlitePath);
        return (sqlite, sqlite, new DisposeAsync(sqlite));
    }

    /// <summary>Persistence settings for one actor type, with this configuration's limits.</summary>
    public PersistenceSettings<TEvent> SettingsFor<TEvent>(IJournal journal, ISnapshotStore? snapshots, IEventSerializer<TEvent> serializer) =>
        new(journal, serializer)
        {
            Snapshots = snapshots,
            SnapshotEveryEvents = SnapshotEveryEvents,
            ReplayBatchEvents = ReplayBatchEvents,
            JournalTimeout = JournalTimeout,
        };

    private sealed class DisposeAsync(IDisposable inner) : IAsyncDisposable
    {
        ValueTask IAsyncDisposable.DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
