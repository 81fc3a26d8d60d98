using Akka.Hosting;
using Akka.Persistence.Hosting;
using Akka.Persistence.Sql.Hosting;

namespace Fountain.Actors.Hosting;

/// <summary>Where the artwork actors' journal and snapshots live.</summary>
public enum JournalProvider
{
    /// <summary>A SQLite file (the default; the node switches it to WAL before the actor system starts).</summary>
    Sqlite,
    /// <summary>A PostgreSQL database (15 or later).</summary>
    PostgreSql,
}

/// <summary>The artwork journal on Akka.Persistence.Sql: journal and snapshot store on one database, tables created on first use.</summary>
public static class ArtworkJournal
{
    /// <summary>Akka.Persistence.Sql's (linq2db's) name of the provider.</summary>
    public static string ProviderName(JournalProvider provider) => provider switch
    {
        JournalProvider.Sqlite => LinqToDB.ProviderName.SQLiteMS,
        JournalProvider.PostgreSql => LinqToDB.ProviderName.PostgreSQL15,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown journal provider"),
    };

    /// <summary>Adds the journal and snapshot store (the default plugins) to an actor system built with Akka.Hosting.</summary>
    public static AkkaConfigurationBuilder WithArtworkJournal(this AkkaConfigurationBuilder builder, JournalProvider provider, string connectionString) =>
        builder.WithSqlPersistence(connectionString, ProviderName(provider), PersistenceMode.Both, autoInitialize: true);
}
