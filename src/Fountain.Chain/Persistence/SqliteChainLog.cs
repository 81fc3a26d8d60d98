using Microsoft.Data.Sqlite;

namespace Fountain.Chain.Persistence;

/// <summary>
/// The embedded default log: one SQLite file in WAL mode with full fsync, like the actor journal
/// (Fountain.Actors' SqliteJournal). The sequence is the primary key and an append checks it inside a
/// <c>BEGIN IMMEDIATE</c> transaction, so a second process on the same file is refused instead of interleaving.
/// SQLite calls are synchronous; they run off the caller's thread, one at a time.
/// </summary>
public sealed class SqliteChainLog : IChainLog
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS chain_log (
          sequence INTEGER NOT NULL PRIMARY KEY,
          kind INTEGER NOT NULL,
          height INTEGER NOT NULL,
          time_utc_ticks INTEGER NOT NULL,
          transaction_id TEXT,
          body TEXT,
          signer_public_key TEXT,
          signature TEXT,
          accepted INTEGER NOT NULL,
          rejection TEXT);
        """;

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    static SqliteChainLog() => SQLitePCL.Batteries_V2.Init();

    /// <summary>Opens (and creates if needed) the log at <paramref name="path"/>.</summary>
    public SqliteChainLog(string path, TimeSpan? busyTimeout = null)
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

    private async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellation)
    {
        await _gate.WaitAsync(cancellation).ConfigureAwait(false);
        try { return await Task.Run(work, cancellation).ConfigureAwait(false); }
        finally { _gate.Release(); }
    }

    public Task<IReadOnlyList<ChainLogEntry>> ReadAsync(long fromSequence, int maxEntries, CancellationToken cancellation = default)
    {
        ChainLogArguments.CheckRead(fromSequence, maxEntries);
        return RunAsync<IReadOnlyList<ChainLogEntry>>(() =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = """
                SELECT sequence, kind, height, time_utc_ticks, transaction_id, body, signer_public_key, signature, accepted, rejection
                FROM chain_log WHERE sequence >= $from ORDER BY sequence LIMIT $max
                """;
            command.Parameters.AddWithValue("$from", fromSequence);
            command.Parameters.AddWithValue("$max", maxEntries);
            using var reader = command.ExecuteReader();
            var entries = new List<ChainLogEntry>();
            while (reader.Read())
            {
                entries.Add(new ChainLogEntry(
                    reader.GetInt64(0), (ChainLogKind)reader.GetInt32(1), reader.GetInt64(2),
                    new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero),
                    Text(reader, 4), Text(reader, 5), Text(reader, 6), Text(reader, 7), reader.GetInt64(8) != 0, Text(reader, 9)));
            }
            return entries;
        }, cancellation);
    }

    private static string? Text(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    public Task AppendAsync(ChainLogEntry entry, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return RunAsync(() =>
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            using (var highest = _connection.CreateCommand())
            {
                highest.Transaction = transaction;
                highest.CommandText = "SELECT COALESCE(MAX(sequence), 0) FROM chain_log";
                var next = (long)highest.ExecuteScalar()! + 1;
                if (entry.Sequence != next) throw new ChainLogConflictException(next, entry.Sequence);
            }
            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO chain_log (sequence, kind, height, time_utc_ticks, transaction_id, body, signer_public_key, signature, accepted, rejection)
                VALUES ($seq, $kind, $height, $time, $id, $body, $signer, $signature, $accepted, $rejection)
                """;
            insert.Parameters.AddWithValue("$seq", entry.Sequence);
            insert.Parameters.AddWithValue("$kind", (int)entry.Kind);
            insert.Parameters.AddWithValue("$height", entry.Height);
            insert.Parameters.AddWithValue("$time", entry.Time.UtcTicks);
            insert.Parameters.AddWithValue("$id", (object?)entry.TransactionId ?? DBNull.Value);
            insert.Parameters.AddWithValue("$body", (object?)entry.Body ?? DBNull.Value);
            insert.Parameters.AddWithValue("$signer", (object?)entry.SignerPublicKey ?? DBNull.Value);
            insert.Parameters.AddWithValue("$signature", (object?)entry.Signature ?? DBNull.Value);
            insert.Parameters.AddWithValue("$accepted", entry.Accepted ? 1 : 0);
            insert.Parameters.AddWithValue("$rejection", (object?)entry.Rejection ?? DBNull.Value);
            try { insert.ExecuteNonQuery(); }
            catch (SqliteException e) when (e.SqliteErrorCode == 19 /* SQLITE_CONSTRAINT */) { throw new ChainLogConflictException(entry.Sequence, entry.Sequence, e); }
            transaction.Commit();
            return 0;
        }, cancellation);
    }

    public ValueTask DisposeAsync()
    {
        _connection.Dispose();
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }
}
