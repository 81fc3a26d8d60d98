using Npgsql;

namespace Fountain.Chain.Persistence;

/// <summary>
/// The log on a PostgreSQL server, for operators who run one. An append locks the table in SHARE ROW EXCLUSIVE mode
/// (writers queue, readers do not wait) and checks the next sequence, and the primary key backs that check, so two
/// chains cannot interleave. The table name is configurable so that tests and several chains can share a database.
/// </summary>
public sealed class PostgresChainLog : IChainLog
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _table;

    private PostgresChainLog(NpgsqlDataSource dataSource, string table)
    {
        _dataSource = dataSource;
        _table = table;
    }

    /// <summary>Connects and creates the table if it does not exist.</summary>
    public static async Task<PostgresChainLog> OpenAsync(string connectionString, string table = "fountain_chain_log", CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        if (!System.Text.RegularExpressions.Regex.IsMatch(table, "^[a-z_][a-z0-9_]{0,62}$"))
            throw new ArgumentException("the table name must be lower-case letters, digits and '_' (at most 63 characters)", nameof(table));
        var log = new PostgresChainLog(NpgsqlDataSource.Create(connectionString), table);
        await using var command = log._dataSource.CreateCommand($"""
            CREATE TABLE IF NOT EXISTS {table} (
              sequence BIGINT NOT NULL PRIMARY KEY, kind INTEGER NOT NULL, height BIGINT NOT NULL, time_utc_ticks BIGINT NOT NULL,
              transaction_id TEXT, body TEXT, signer_public_key TEXT, signature TEXT, accepted BOOLEAN NOT NULL, rejection TEXT);
            """);
        await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        return log;
    }

    public async Task<IReadOnlyList<ChainLogEntry>> ReadAsync(long fromSequence, int maxEntries, CancellationToken cancellation = default)
    {
        ChainLogArguments.CheckRead(fromSequence, maxEntries);
        await using var command = _dataSource.CreateCommand($"""
            SELECT sequence, kind, height, time_utc_ticks, transaction_id, body, signer_public_key, signature, accepted, rejection
            FROM {_table} WHERE sequence >= $1 ORDER BY sequence LIMIT $2
            """);
        command.Parameters.AddWithValue(fromSequence);
        command.Parameters.AddWithValue((long)maxEntries);
        await using var reader = await command.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
        var entries = new List<ChainLogEntry>();
        while (await reader.ReadAsync(cancellation).ConfigureAwait(false))
        {
            entries.Add(new ChainLogEntry(
                reader.GetInt64(0), (ChainLogKind)reader.GetInt32(1), reader.GetInt64(2), new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero),
                Text(reader, 4), Text(reader, 5), Text(reader, 6), Text(reader, 7), reader.GetBoolean(8), Text(reader, 9)));
        }
        return entries;
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };

    private static string? Text(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    public async Task AppendAsync(ChainLogEntry entry, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellation).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellation).ConfigureAwait(false);
        await using (var lockTable = new NpgsqlCommand($"LOCK TABLE {_table} IN SHARE ROW EXCLUSIVE MODE", connection, transaction))
            await lockTable.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        long next;
        await using (var highest = new NpgsqlCommand($"SELECT COALESCE(MAX(sequence), 0) FROM {_table}", connection, transaction))
            next = (long)(await highest.ExecuteScalarAsync(cancellation).ConfigureAwait(false))! + 1;
        if (entry.Sequence != next) throw new ChainLogConflictException(next, entry.Sequence);
        await using (var insert = new NpgsqlCommand($"""
            INSERT INTO {_table} (sequence, kind, height, time_utc_ticks, transaction_id, body, signer_public_key, signature, accepted, rejection)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue(entry.Sequence);
            insert.Parameters.AddWithValue((int)entry.Kind);
            insert.Parameters.AddWithValue(entry.Height);
            insert.Parameters.AddWithValue(entry.Time.UtcTicks);
            insert.Parameters.Add(Text(entry.TransactionId));
            insert.Parameters.Add(Text(entry.Body));
            insert.Parameters.Add(Text(entry.SignerPublicKey));
            insert.Parameters.Add(Text(entry.Signature));
            insert.Parameters.AddWithValue(entry.Accepted);
            insert.Parameters.Add(Text(entry.Rejection));
            await insert.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellation).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
