using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Fountain.Actors.Hosting;

namespace Fountain.Actors.Tests.Support;

/// <summary>Actor system setups for the tests: Fountain's own HOCON (Hyperion allow-list included), with virtual time or a SQL journal.</summary>
internal static class AkkaConfigs
{
    /// <summary>The TestScheduler moves only when a test advances it: timers, receive timeouts and the persistence clock are virtual.</summary>
    public const string VirtualTime = """akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit" """;

    /// <summary>Fountain's config (two codec threads) with the in-memory journal and snapshot store Akka.Persistence ships for tests.</summary>
    public static Config Fountain(string? extra = null) =>
        ConfigurationFactory.ParseString((extra ?? "") + "\n" + """
            akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
            """).WithFallback(FountainActorsConfig.Config(codecThreads: 2));

    /// <summary>Fountain's config on Akka.Persistence.Sql (the node's journal plugin), by provider name and connection string.</summary>
    public static Config SqlJournal(string providerName, string connectionString, string? extra = null) =>
        ConfigurationFactory.ParseString((extra ?? "") + "\n" + $$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql { connection-string = "{{connectionString}}", provider-name = "{{providerName}}", auto-initialize = on }
              }
              query.journal.sql { connection-string = "{{connectionString}}", provider-name = "{{providerName}}" }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql { connection-string = "{{connectionString}}", provider-name = "{{providerName}}", auto-initialize = on }
              }
            }
            """)
            .WithFallback(FountainActorsConfig.Config(codecThreads: 2))
            .WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);

    /// <summary>The setup of a test system: Fountain's config (its Hyperion allow-list included).</summary>
    public static ActorSystemSetup Setup(Config config) => ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(config));
}
