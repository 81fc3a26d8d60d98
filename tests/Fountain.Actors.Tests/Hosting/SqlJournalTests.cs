using Akka.Actor;
using Fountain.Actors.Artworks;
using Fountain.Actors.Hosting;
using Fountain.Actors.Tests.Support;
using LinqToDB.Data;
using Microsoft.Data.Sqlite;

namespace Fountain.Actors.Tests.Hosting;

/// <summary>
/// The artwork journal on Akka.Persistence.Sql, the node's plugin: SQLite (WAL) by default, PostgreSQL when
/// FOUNTAIN_TEST_POSTGRES is set. A heal journaled as started survives the actor system's end and comes back in flight.
/// </summary>
public sealed class SqlJournalTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("fountain-journal-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    private static async Task<ArtworkEvent?> StartHealThenRecoverAsync(string providerName, string connectionString, string artworkId)
    {
        var check = new ScriptedCheck();
        var settings = new ArtworkActorSettings(check, TimeSpan.FromMinutes(10), TimeSpan.FromHours(1));
        var first = ActorSystem.Create("journal-1", AkkaConfigs.Setup(AkkaConfigs.SqlJournal(providerName, connectionString)));
        try
        {
            var actor = first.ActorOf(ArtworkActor.Props(artworkId, settings));
            actor.Tell(new CheckArtwork(artworkId, 5));
            var run = await check.NextAsync();
            await run.StartHealAsync(new HealStarting(7, 21, 4, 1)).WaitAsync(Bound);
        }
        finally
        {
            await first.Terminate().WaitAsync(Bound);
        }

        var second = ActorSystem.Create("journal-2", AkkaConfigs.Setup(AkkaConfigs.SqlJournal(providerName, connectionString)));
        try
        {
            var actor = second.ActorOf(ArtworkActor.Props(artworkId, settings));
            actor.Tell(new CheckArtwork(artworkId, 5));
            return (await check.NextAsync()).InFlight;
        }
        finally
        {
            await second.Terminate().WaitAsync(Bound);
        }
    }

    [Fact]
    public async Task On_sqlite_in_wal_mode_a_started_heal_survives_a_restart_as_json_rows()
    {
        var file = Path.Combine(_folder.FullName, "healing-journal.db");
        using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            connection.Open();
            using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            Assert.Equal("wal", wal.ExecuteScalar());
        }

        var inFlight = await StartHealThenRecoverAsync(ArtworkJournal.ProviderName(JournalProvider.Sqlite), $"Data Source={file}", "ab12");

        Assert.Equal((ArtworkEvent.HealStarted, 21u, 1), (inFlight?.Kind, inFlight?.FirstNewIndex, inFlight?.BasedOnAmendments));
        SqliteConnection.ClearAllPools();
        using var read = new SqliteConnection($"Data Source={file};Pooling=False;Mode=ReadOnly");
        read.Open();
        using var rows = read.CreateCommand();
        rows.CommandText = "SELECT manifest, identifier, message FROM journal WHERE persistence_id = 'artwork-ab12'";
        using var row = rows.ExecuteReader();
        Assert.True(row.Read());
        Assert.Equal(("artwork-event.v1", (long)ArtworkJournalSerializer.Id), (row.GetString(0), row.GetInt64(1)));
        Assert.StartsWith("""{"kind":"heal-started""", System.Text.Encoding.UTF8.GetString((byte[])row["message"]));
    }

    [Theory]
    [InlineData(SqliteSynchronous.Normal, 1)]
    [InlineData(SqliteSynchronous.Full, 2)]
    public void Journal_connections_on_sqlite_run_with_the_configured_synchronous_mode(SqliteSynchronous configured, long pragmaValue)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("fountain-pragma-").FullName, "journal.db");
        // A connection opened through the node's own linq2db options, as the journal plugins open theirs.
        using var connection = new DataConnection(ArtworkJournal.SqliteDataOptions($"Data Source={file};Pooling=False", configured));
        Assert.Equal(pragmaValue, connection.Execute<long>("PRAGMA synchronous"));
    }

    [PostgresFact]
    public async Task On_postgresql_a_started_heal_survives_a_restart()
    {
        // Each run in a schema of its own (nodes sharing a database need one each: persistence ids are per artwork).
        var schema = "fountain_journal_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new Npgsql.NpgsqlConnection(PostgresFactAttribute.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand($"CREATE SCHEMA {schema}", admin);
            await create.ExecuteNonQueryAsync();
        }
        try
        {
            var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(PostgresFactAttribute.ConnectionString) { SearchPath = schema }.ToString();
            var inFlight = await StartHealThenRecoverAsync(ArtworkJournal.ProviderName(JournalProvider.PostgreSql), connectionString, "cd34");
            Assert.Equal((ArtworkEvent.HealStarted, 21u, 1), (inFlight?.Kind, inFlight?.FirstNewIndex, inFlight?.BasedOnAmendments));
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await using var admin = new Npgsql.NpgsqlConnection(PostgresFactAttribute.ConnectionString);
            await admin.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA {schema} CASCADE", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
