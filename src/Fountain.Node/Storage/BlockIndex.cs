using Fountain.Codec.Hashing;
using Microsoft.Data.Sqlite;

namespace Fountain.Node.Storage;

/// <summary>
/// The SQLite index of the blocks a node holds: (block id, artwork id, index, bytes, stored at, pending until).
/// It is the only catalogue of blocks: nothing per block is kept in memory, so a node's memory does not grow
/// with what it stores. WAL mode lets reads run beside the single writer; writes come only from the
/// <see cref="BlockStore"/>'s owner (<see cref="Actors.BlockHolderActor"/>), one at a time.
/// </summary>
internal sealed class BlockIndex : IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS blocks (
          block_id TEXT NOT NULL PRIMARY KEY,
          artwork_id TEXT NOT NULL,
          block_index INTEGER NOT NULL,
          bytes INTEGER NOT NULL,
          stored_at_ms INTEGER NOT NULL,
          pending_until_ms INTEGER NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS blocks_by_artwork ON blocks (artwork_id, block_index);
        CREATE INDEX IF NOT EXISTS blocks_pending ON blocks (pending_until_ms) WHERE pending_until_ms IS NOT NULL;
        """;

    private const string Columns = "block_id, artwork_id, block_index, bytes, stored_at_ms, pending_until_ms";

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;

    static BlockIndex() => SQLitePCL.Batteries_V2.Init();

    public BlockIndex(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        Execute(_writer, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;");
        Execute(_writer, Schema);
    }

    public void Insert(StoredBlock block)
    {
        using var command = _writer.CreateCommand();
        command.CommandText = $"INSERT INTO blocks ({Columns}) VALUES ($id, $artwork, $index, $bytes, $stored, $pending)";
        command.Parameters.AddWithValue("$id", block.BlockId.ToString());
        command.Parameters.AddWithValue("$artwork", block.ArtworkId.ToString());
        command.Parameters.AddWithValue("$index", (long)block.Index);
        command.Parameters.AddWithValue("$bytes", block.Bytes);
        command.Parameters.AddWithValue("$stored", block.StoredAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$pending", block.PendingUntil is { } p ? p.ToUnixTimeMilliseconds() : DBNull.Value);
        command.ExecuteNonQuery();
    }

    public bool Delete(Hash256 blockId)
    {
        using var command = _writer.CreateCommand();
        command.CommandText = "DELETE FROM blocks WHERE block_id = $id";
        command.Parameters.AddWithValue("$id", blockId.ToString());
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>Marks a pending block as confirmed: its artwork's ticket lists it.</summary>
    public bool Confirm(Hash256 blockId)
    {
        using var command = _writer.CreateCommand();
        command.CommandText = "UPDATE blocks SET pending_until_ms = NULL WHERE block_id = $id AND pending_until_ms IS NOT NULL";
        command.Parameters.AddWithValue("$id", blockId.ToString());
        return command.ExecuteNonQuery() == 1;
    }

    public StoredBlock? Find(Hash256 blockId) =>
        Query($"SELECT {Columns} FROM blocks WHERE block_id = $id", c => c.Parameters.AddWithValue("$id", blockId.ToString()), 1).FirstOrDefault();

    /// <summary>The blocks held for an artwork, by index, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<StoredBlock> ListArtwork(Hash256 artworkId, int limit) =>
        Query($"SELECT {Columns} FROM blocks WHERE artwork_id = $artwork ORDER BY block_index LIMIT $limit",
            c => { c.Parameters.AddWithValue("$artwork", artworkId.ToString()); c.Parameters.AddWithValue("$limit", limit); }, limit);

    /// <summary>Pending blocks, the longest-waiting first; at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<StoredBlock> Pending(int limit) =>
        Query($"SELECT {Columns} FROM blocks WHERE pending_until_ms IS NOT NULL ORDER BY pending_until_ms LIMIT $limit",
            c => c.Parameters.AddWithValue("$limit", limit), limit);

    /// <summary>One page of all rows, in block id order, for the start-up check that every row still has its file.</summary>
    public IReadOnlyList<StoredBlock> Page(string afterBlockId, int limit) =>
        Query($"SELECT {Columns} FROM blocks WHERE block_id > $after ORDER BY block_id LIMIT $limit",
            c => { c.Parameters.AddWithValue("$after", afterBlockId); c.Parameters.AddWithValue("$limit", limit); }, limit);

    public (long Count, long Bytes, long PendingBytes) Totals()
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COALESCE(SUM(bytes), 0), COALESCE(SUM(CASE WHEN pending_until_ms IS NULL THEN 0 ELSE bytes END), 0) FROM blocks";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private List<StoredBlock> Query(string sql, Action<SqliteCommand> bind, int capacityHint)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        using var reader = command.ExecuteReader();
        var rows = new List<StoredBlock>(Math.Min(capacityHint, 1024));
        while (reader.Read())
        {
            rows.Add(new StoredBlock(
                Hash256.Parse(reader.GetString(0)),
                Hash256.Parse(reader.GetString(1)),
                (uint)reader.GetInt64(2),
                reader.GetInt64(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        }
        return rows;
    }

    // Readers take pooled connections of their own: a SqliteConnection is not safe to share between threads,
    // and HTTP reads run on many threads at once while the writer keeps its own connection.
    private SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _writer.Dispose();
        // Pooled reader connections keep the file open; release them so the folder can be reopened or deleted.
        SqliteConnection.ClearPool(_writer);
    }
}
