using Npgsql;

namespace Fountain.Actors.Persistence;

/// <summary>
/// The journal and snapshot store on a PostgreSQL server, for operators who run one. An append checks the
/// stored highest sequence under a row lock on the metadata row (taken with <c>SELECT ... FOR UPDATE</c>
/// after an upsert), and the primary key (persistence_id, sequence_nr) backs it, so concurrent writers are
/// rejected. Table names carry a prefix so that tests and several systems can share one database.
/// </summary>
public sealed class PostgresJournal : IJournal, ISnapshotStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _journal;
    private readonly string _metadata;
    private readonly string _snapshots;

    private PostgresJournal(NpgsqlDataSource dataSource, string tablePrefix)
    {
        _dataSource = dataSource;
        _journal = tablePrefix + "journal";
        _metadata = tablePrefix + "journal_metadata";
        _snapshots = tablePrefix + "snapshots";
    }

    /// <summary>Connects and creates the tables if they do not exist.</summary>
    public static async Task<PostgresJournal> OpenAsync(string connectionString, string tablePrefix = "fountain_", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        if (!System.Text.RegularExpressions.Regex.IsMatch(tablePrefix, "^[a-z_][a-z0-9_]{0,30}$"))
            throw new ArgumentException("the table prefix must be lower-case letters, digits and '_' (at most 31 characters)", nameof(tablePrefix));
        var journal = new PostgresJournal(NpgsqlDataSource.Create(connectionString), tablePrefix);
        await using var command = journal._dataSource.CreateCommand($"""
            CREATE TABLE IF NOT EXISTS {journal._journal} (
              persistence_id TEXT NOT NULL, sequence_nr BIGINT NOT NULL, manifest TEXT NOT NULL, payload BYTEA NOT NULL,
              PRIMARY KEY (persistence_id, sequence_nr));
            CREATE TABLE IF NOT EXISTS {journal._metadata} (
              persistence_id TEXT NOT NULL PRIMARY KEY, highest_sequence_nr BIGINT NOT NULL);
            CREATE TABLE IF NOT EXISTS {journal._snapshots} (
              persistence_id TEXT NOT NULL, sequence_nr BIGINT NOT NULL, payload BYTEA NOT NULL,
              PRIMARY KEY (persistence_id, sequence_nr));
            """);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return journal;
    }

    public async Task AppendAsync(string persistenceId, IReadOnlyList<PersistentEvent> events, CancellationToken cancellationToken = default)
    {
        JournalArguments.CheckAppend(persistenceId, events);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using (var ensure = new NpgsqlCommand($"""
                INSERT INTO {_metadata} (persistence_id, highest_sequence_nr) VALUES ($1, 0) ON CONFLICT (persistence_id) DO NOTHING;
                """, connection, transaction))
            {
                ensure.Parameters.AddWithValue(persistenceId);
                await ensure.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            long highest;
            await using (var select = new NpgsqlCommand($"SELECT highest_sequence_nr FROM {_metadata} WHERE persistence_id = $1 FOR UPDATE", connection, transaction))
            {
                select.Parameters.AddWithValue(persistenceId);
                highest = (long)(await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }
            if (events[0].SequenceNr != highest + 1) throw new JournalConcurrencyException(persistenceId, highest + 1, events[0].SequenceNr);
            var batch = new NpgsqlBatch(connection, transaction);
            await using (batch)
            {
                foreach (var e in events)
                {
                    var insert = new NpgsqlBatchCommand($"INSERT INTO {_journal} (persistence_id, sequence_nr, manifest, payload) VALUES ($1, $2, $3, $4)");
                    insert.Parameters.AddWithValue(persistenceId);
                    insert.Parameters.AddWithValue(e.SequenceNr);
                    insert.Parameters.AddWithValue(e.Manifest);
                    insert.Parameters.AddWithValue(e.Payload);
                    batch.BatchCommands.Add(insert);
                }
                var update = new NpgsqlBatchCommand($"UPDATE {_metadata} SET highest_sequence_nr = $2 WHERE persistence_id = $1");
                update.Parameters.AddWithValue(persistenceId);
                update.Parameters.AddWithValue(events[^1].SequenceNr);
                batch.BatchCommands.Add(update);
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure)
        {
            throw new JournalConcurrencyException(persistenceId, -1, events[0].SequenceNr, e);
        }
    }

    public async Task<IReadOnlyList<PersistentEvent>> ReadAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, int maxEvents, CancellationToken cancellationToken = default)
    {
        JournalArguments.CheckRead(persistenceId, fromSequenceNr, toSequenceNr, maxEvents);
        await using var command = _dataSource.CreateCommand($"""
            SELECT sequence_nr, manifest, payload FROM {_journal}
            WHERE persistence_id = $1 AND sequence_nr BETWEEN $2 AND $3 ORDER BY sequence_nr LIMIT $4
            """);
        command.Parameters.AddWithValue(persistenceId);
        command.Parameters.AddWithValue(fromSequenceNr);
        command.Parameters.AddWithValue(toSequenceNr);
        command.Parameters.AddWithValue((long)maxEvents);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<PersistentEvent>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            result.Add(new PersistentEvent(persistenceId, reader.GetInt64(0), reader.GetString(1), (byte[])reader[2]));
        return result;
    }

    public async Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default)
    {
        JournalArguments.CheckId(persistenceId);
        await using var command = _dataSource.CreateCommand($"SELECT highest_sequence_nr FROM {_metadata} WHERE persistence_id = $1");
        command.Parameters.AddWithValue(persistenceId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long value ? value : 0;
    }

    public async Task DeleteEventsToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default)
    {
        JournalArguments.CheckId(persistenceId);
        await using var command = _dataSource.CreateCommand($"DELETE FROM {_journal} WHERE persistence_id = $1 AND sequence_nr <= $2");
        command.Parameters.AddWithValue(persistenceId);
        command.Parameters.AddWithValue(toSequenceNr);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task SaveSnapshotAsync(SnapshotRecord snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        JournalArguments.CheckId(snapshot.PersistenceId);
        await using var command = _dataSource.CreateCommand($"""
            INSERT INTO {_snapshots} (persistence_id, sequence_nr, payload) VALUES ($1, $2, $3)
            ON CONFLICT (persistence_id, sequence_nr) DO UPDATE SET payload = excluded.payload
            """);
        command.Parameters.AddWithValue(snapshot.PersistenceId);
        command.Parameters.AddWithValue(snapshot.SequenceNr);
        command.Parameters.AddWithValue(snapshot.Payload);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<SnapshotRecord?> LoadLatestSnapshotAsync(string persistenceId, CancellationToken cancellationToken = default)
    {
        JournalArguments.CheckId(persistenceId);
        await using var command = _dataSource.CreateCommand($"SELECT sequence_nr, payload FROM {_snapshots} WHERE persistence_id = $1 ORDER BY sequence_nr DESC LIMIT 1");
        command.Parameters.AddWithValue(persistenceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new SnapshotRecord(persistenceId, reader.GetInt64(0), (byte[])reader[1]) : null;
    }

    public async Task DeleteSnapshotsToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default)
    {
        JournalArguments.CheckId(persistenceId);
        await using var command = _dataSource.CreateCommand($"DELETE FROM {_snapshots} WHERE persistence_id = $1 AND sequence_nr <= $2");
        command.Parameters.AddWithValue(persistenceId);
        command.Parameters.AddWithValue(toSequenceNr);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
