using Microsoft.Data.Sqlite;

namespace Fountain.Node.Hosting;

/// <summary>
/// The SQLite file of the artwork journal. WAL is switched on once, before the actor system opens the file: the mode is
/// kept in the file, and with it a write is one append to the log instead of a rewrite of the pages and their journal
/// (measured ~4.6x more single-actor persists per second; AKKA-NOTES.md). The pool of the journal's connections is
/// cleared when the node stops, so that a stopped node leaves the file closed.
/// </summary>
internal static class SqliteJournalFile
{
    /// <summary>Creates the file if it is missing and switches it to WAL; returns the journal mode the file is in.</summary>
    public static string EnableWal(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>Closes the pooled connections of the journal's connection string.</summary>
    public static void Release(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
