using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence;
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

    /// <summary>
    /// Opens the journal and the snapshot store before the first artwork actor needs them: the plugins start, create
    /// their tables if missing and run a first query, so the first check after a start is not held up by that (a check
    /// decided for one epoch should start within it).
    /// </summary>
    public static async Task WarmUpAsync(ActorSystem system, TimeSpan timeout, CancellationToken cancellation = default)
    {
        var persistence = Persistence.Instance.Apply(system);
        const string nobody = "fountain-journal-warm-up";
        await persistence.JournalFor(null).Ask<RecoverySuccess>(replyTo => new ReplayMessages(0, 0, 0, nobody, replyTo), timeout, cancellation).ConfigureAwait(false);
        await persistence.SnapshotStoreFor(null).Ask<LoadSnapshotResult>(new LoadSnapshot(nobody, SnapshotSelectionCriteria.Latest, long.MaxValue), timeout, cancellation)
            .ConfigureAwait(false);
    }
}
