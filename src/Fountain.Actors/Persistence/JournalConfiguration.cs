using Fountain.Actors.Configuration;
using Microsoft.Extensions.Configuration;

namespace Fountain.Actors.Persistence;

/// <summary>The journal a node uses, as configured under <c>fountain:persistence</c>.</summary>
public sealed record JournalConfiguration
{
    /// <summary><c>sqlite</c> (embedded default) or <c>postgres</c>.</summary>
    public string Journal { get; init; } = "sqlite";
    public string SqlitePath { get; init; } = "fountain-data/journal.db";
    public string PostgresConnectionString { get; init; } = "";
    public int SnapshotEveryEvents { get; init; } = 100;
    public int ReplayBatchEvents { get; init; } = 1000;
    public TimeSpan JournalTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public static JournalConfiguration FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var s = configuration.GetSection("fountain:persistence");
        var d = new JournalConfiguration();
        var result = new JournalConfiguration
        {
            Journal = s["journal"] ?? d.Journal,
            SqlitePath = s["sqlite-path"] ?? d.SqlitePath,
            PostgresConnectionString = s["postgres-connection-string"] ?? d.PostgresConnectionString,
            SnapshotEveryEvents = ConfigurationValues.Int(s, "snapshot-every-events", d.SnapshotEveryEvents),
            ReplayBatchEvents = ConfigurationValues.Int(s, "replay-batch-events", d.ReplayBatchEvents),
            JournalTimeout = ConfigurationValues.Duration(s, "journal-timeout", d.JournalTimeout),
        };
        if (result.Journal is not ("sqlite" or "postgres"))
            throw new FormatException($"setting 'fountain:persistence:journal' = '{result.Journal}': use sqlite or postgres");
        if (result.Journal == "postgres" && string.IsNullOrEmpty(result.PostgresConnectionString))
            throw new FormatException("setting 'fountain:persistence:journal' = 'postgres' needs 'fountain:persistence:postgres-connection-string'");
        return result;
    }

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
