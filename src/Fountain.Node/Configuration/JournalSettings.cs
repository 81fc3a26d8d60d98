using Fountain.Actors.Hosting;

namespace Fountain.Node.Configuration;

/// <summary>
/// Where the artwork actors' journal and snapshots live (fountain.node.journal): by default the SQLite file
/// <c>healing-journal.db</c> in the data folder, switched to WAL before the actor system starts; or a PostgreSQL database.
/// Persistence ids are <c>artwork-&lt;id&gt;</c> on every node, so nodes must not share one PostgreSQL schema: give each
/// its own database, or its own schema with <c>Search Path=...</c> in the connection string (the schema must exist; the
/// tables are created on first use).
/// </summary>
public sealed record JournalSettings
{
    /// <summary>sqlite or postgres.</summary>
    public JournalProvider Provider { get; init; } = JournalProvider.Sqlite;

    /// <summary>Null for SQLite: the data folder's <c>healing-journal.db</c>. Required for PostgreSQL (an Npgsql connection string).</summary>
    public string? ConnectionString { get; init; }

    /// <summary>An artwork actor saves a snapshot of its state every this many events, so recovery reads at most that many events.</summary>
    public int SnapshotEveryEvents { get; init; } = 100;

    /// <summary>How a SQLite journal syncs its commits (ignored for PostgreSQL).</summary>
    public SqliteSynchronous SqliteSynchronous { get; init; } = SqliteSynchronous.Normal;

    /// <summary>The SQLite journal's file name in the data folder.</summary>
    public const string SqliteFileName = "healing-journal.db";

    /// <summary>The SQLite file the journal uses, or null when it is not a SQLite file of the data folder.</summary>
    public string? SqliteFile(string dataFolder) =>
        Provider == JournalProvider.Sqlite && ConnectionString is null ? Path.Combine(Path.GetFullPath(dataFolder), SqliteFileName) : null;

    /// <summary>The connection string the journal opens.</summary>
    public string ConnectionStringFor(string dataFolder) =>
        ConnectionString ?? (Provider == JournalProvider.Sqlite
            ? $"Data Source={SqliteFile(dataFolder)}"
            : throw new InvalidOperationException("fountain.node.journal: a PostgreSQL journal needs a connection-string"));

    public void Validate()
    {
        if (!Enum.IsDefined(Provider)) throw new ArgumentOutOfRangeException(nameof(Provider), Provider, "journal provider must be sqlite or postgres");
        if (Provider == JournalProvider.PostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
            throw new ArgumentException("a PostgreSQL journal needs a connection string", nameof(ConnectionString));
        if (!Enum.IsDefined(SqliteSynchronous)) throw new ArgumentOutOfRangeException(nameof(SqliteSynchronous), SqliteSynchronous, "sqlite-synchronous must be normal or full");
        if (SnapshotEveryEvents < 1) throw new ArgumentOutOfRangeException(nameof(SnapshotEveryEvents), SnapshotEveryEvents, "snapshot-every-events must be at least 1");
    }
}

public sealed partial record NodeSettings
{
    /// <summary>The artwork journal (fountain.node.journal).</summary>
    public JournalSettings Journal { get; init; } = new();
}
