using Microsoft.Data.Sqlite;

namespace Fountain.Actors.Persistence;

/// <summary>
/// The embedded default journal and snapshot store: one SQLite file in WAL mode. An append runs in a
/// <c>BEGIN IMMEDIATE</c> transaction that checks the stored highest sequence, and the primary key
/// (persistence_id, sequence_nr) backs that check, so a second writer (another instance on the same file)
/// is rejected. The highest sequence survives deletes in <c>journal_metadata</c>. SQLite calls are
/// synchronous; they run off the caller's thread, one at a time per instance.
/// </summary>
public sealed class SqliteJournal : IJournal, ISnapshotStore, IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS journal (
          persistence_id TEXT NOT NULL,
          sequence_nr INTEGER NOT NULL,
          manifest TEXT NOT NULL,
          payload BLOB NOT NULL,
          PRIMARY KEY (persistence_id, sequence_nr)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS journal_metadata (
          persistence_id TEXT NOT NULL PRIMARY KEY,
          highest_sequence_nr INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS snapshots (
          persistence_id TEXT NOT NULL,
          sequence_nr INTEGER NOT NULL,
          payload BLOB NOT NULL,
          PRIMARY KEY (persistence_id, sequence_nr)) WITHOUT ROWID;
        """;

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    static SqliteJournal() => SQLitePCL.Batteries_V2.Init();

    /// <summary>Opens (and creates if needed) the journal at <paramref name="path"/>.</summary>
    /// <param name="busyTimeout">How long a write waits for another process's lock before failing.</param>
    public SqliteJournal(string path, TimeSpan? busyTimeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute($"PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout={(int)(busyTimeout ?? TimeSpan.FromSeconds(5)).TotalMilliseconds};");
        Execute(Schema);
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(work, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task AppendAsync(string persistenceId, IReadOnlyList<PersistentEvent> events, CancellationToken cancellationToken = default)
    {
        JournalArguments.CheckAppend(persistenceId, events);
        return RunAsync(() =>
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            try
            {
                var highest = Highest(persistenceId, transaction);
                if (events[0].SequenceNr != highest + 1) throw new JournalConcurrencyException(persistenceId, highest + 1, events[0].SequenceNr);
                using var insert = _connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO journal (persistence_id, sequence_nr, manifest, payload) VALUES ($id, $seq, $manifest, $payload)";
                var pId = insert.Parameters.Add("$id", SqliteType.Text);
                var pSeq = insert.Parameters.Add("$seq", SqliteType.Integer);
                var pManifest = insert.Parameters.Add("$manifest", SqliteType.Text);
                var pPayload = insert.Parameters.Add("$payload", SqliteType.Blob);
                foreach (var e in events)
                {
                    pId.Value = persistenceId;
                    pSeq.Value = e.SequenceNr;
                    pManifest.Value = e.Manifest;
                    pPayload.Value = e.Payload;
                    insert.ExecuteNonQuery();
                }
                using var meta = _connection.CreateCommand();
                meta.Transaction = transaction;
                meta.CommandText = """
                    INSERT INTO journal_metadata (persistence_id, highest_sequence_nr) VALUES ($id, $seq)
                    ON CONFLICT (persistence_id) DO UPDATE SET highest_sequence_nr = excluded.highest_sequence_nr
                    """;
                meta.Parameters.AddWithValue("$id", persistenceId);
                meta.Parameters.AddWithValue("$seq", events[^1].SequenceNr);
                meta.ExecuteNonQuery();
                transaction.Commit();
                return 0;
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19 /* SQLITE_CONSTRAINT */)
            {
                throw new JournalConcurrencyException(persistenceId, -1, events[0].SequenceNr, e);
            }
        }, cancellationToken);
    }

    private long Highest(string persistenceId, SqliteTransaction? transaction)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT highest_sequence_nr FROM journal_metadata WHERE persistence_id = $id";
        command.Parameters.AddWithValue("$id", persistenceId);
        return command.ExecuteScalar() is long value ? value : 0;
    }

    public Task<IReadOnlyList<PersistentEvent>> ReadAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, int maxEvents, CancellationToken cancellationToken = default)
    {
        JournalArguments.CheckRead(persistenceId, fromSequenceNr, toSequenceNr, maxEvents);
        return RunAsync<IReadOnlyList<PersistentEvent>>(() =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = """
                SELECT sequence_nr, manifest, payload FROM journal
                WHERE persistence_id = $id AND sequence_nr BETWEEN $from AND $to
                ORDER BY sequence_nr LIMIT $max
                """;
            command.Parameters.AddWithValue("$id", persistenceId);
            command.Parameters.AddWithValue("$from", fromSequenceNr);
            command.Parameters.AddWithValue("$to", toSequenceNr);
            command.Parameters.AddWithValue("$max", maxEvents);
            using var reader = command.ExecuteReader();
            var result = new List<PersistentEvent>();
            while (reader.Read()) result.Add(new PersistentEvent(persistenceId, reader.GetInt64(0), reader.GetString(1), (byte[])reader[2]));
            return result;
        }, cancellationToken);
    }

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default)
    {
        JournalArguments.CheckId(persistenceId);
        return RunAsync(() => Highest(persistenceId, null), cancellationToken);
    }

    public Task DeleteEventsToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default)
    {
        JournalArguments.CheckId(persistenceId);
        return RunAsync(() =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM journal WHERE persistence_id = $id AND sequence_nr <= $to";
            command.Parameters.AddWithValue("$id", persistenceId);
            command.Parameters.AddWithValue("$to", toSequenceNr);
            return command.ExecuteNonQuery();
        }, cancellationToken);
    }

    public Task SaveSnapshotAsync(SnapshotRecord snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        JournalArguments.CheckId(snapshot.PersistenceId);
        return RunAsync(() =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "INSERT OR REPLACE INTO snapshots (persistence_id, sequence_nr, payload) VALUES ($id, $seq, $payload)";
            command.Parameters.AddWithValue("$id", snapshot.PersistenceId);
            command.Parameters.AddWithValue("$seq", snapshot.SequenceNr);
            command.Parameters.AddWithValue("$payload", snapshot.Payload);
            return command.ExecuteNonQuery();
        }, cancellationToken);
    }

    public Task<SnapshotRecord?> LoadLatestSnapshotAsync(string persistenceId, CancellationToken cancellationToken = default)
    {
        JournalArguments.CheckId(persistenceId);
        return RunAsync<SnapshotRecord?>(() =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT sequence_nr, payload FROM snapshots WHERE persistence_id = $id ORDER BY sequence_nr DESC LIMIT 1";
            command.Parameters.AddWithValue("$id", persistenceId);
            using var reader = command.ExecuteReader();
            return reader.Read() ? new SnapshotRecord(persistenceId, reader.GetInt64(0), (byte[])reader[1]) : null;
        }, cancellationToken);
    }

    public Task DeleteSnapshotsToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default)
    {
        JournalArguments.CheckId(persistenceId);
        return RunAsync(() =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM snapshots WHERE persistence_id = $id AND sequence_nr <= $to";
            command.Parameters.AddWithValue("$id", persistenceId);
            command.Parameters.AddWithValue("$to", toSequenceNr);
            return command.ExecuteNonQuery();
        }, cancellationToken);
    }

    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }
}
