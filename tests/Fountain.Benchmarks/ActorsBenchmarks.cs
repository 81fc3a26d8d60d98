using Akka.Actor;
using static Fountain.Testing.CreditedMessaging;
using Akka.Configuration;
using Akka.Persistence;
using BenchmarkDotNet.Attributes;
using Fountain.Actors.Artworks;
using Fountain.Actors.Hosting;

namespace Fountain.Benchmarks;

/// <summary>
/// Fountain's actor targets on Akka.NET: one-way messages between two actors (≥ 3 M/s on the 2-core box). Run with
/// <c>dotnet run -c Release --project tests/Fountain.Benchmarks -- --filter '*Actors*'</c>. The same measurements, and
/// the artwork journal's persists per second on SQLite (WAL), run in seconds as the <c>Category=Measurement</c> tests
/// of Fountain.Actors.Tests.
/// </summary>
[MemoryDiagnoser]
public class ActorsOneWayBenchmarks
{
    private const int Messages = 1_000_000;
    private const int Window = 20_000;
    private ActorSystem _system = null!;

    [Params(30, 1000)]
    public int ThroughputPerTurn { get; set; }

    [GlobalSetup]
    public void Setup() => _system = ActorSystem.Create("bench", ConfigurationFactory.ParseString(
        $"akka.actor.default-dispatcher.throughput = {ThroughputPerTurn}").WithFallback(FountainActorsConfig.Config(codecThreads: 1)));

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().GetAwaiter().GetResult();

    /// <summary>A producer sends one preallocated message at a time to a consumer, which returns credit every quarter window.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public void OneWay()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = _system.ActorOf(Props.Create(() => new Consumer(Messages, Window / 4, done)));
        var producer = _system.ActorOf(Props.Create(() => new Producer(consumer, Messages)));
        producer.Tell(new Credit(Window));
        done.Task.GetAwaiter().GetResult();
        _system.Stop(producer);
        _system.Stop(consumer);
    }
}

/// <summary>An ask round trip between the caller and an actor (see the Median column).</summary>
public class ActorsAskBenchmarks
{
    private ActorSystem _system = null!;
    private IActorRef _echo = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench-ask", FountainActorsConfig.Config(codecThreads: 1));
        _echo = _system.ActorOf(Props.Create(() => new Echo()));
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().GetAwaiter().GetResult();

    [Benchmark]
    public Task<object> Ask() => _echo.Ask<object>("ping", TimeSpan.FromSeconds(5));

    private sealed class Echo : UntypedActor
    {
        protected override void OnReceive(object message) => Sender.Tell(message);
    }
}

/// <summary>
/// The artwork journal: one persistent actor persisting artwork events one at a time (persist, then the next), on
/// Akka.Persistence.Sql over a SQLite file in WAL mode (the node's default) and in the rollback-journal mode.
/// </summary>
public class ArtworkJournalBenchmarks
{
    private const int Events = 500;
    private string _folder = null!;
    private ActorSystem _system = null!;
    private int _round;

    [Params(true, false)]
    public bool Wal { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("fountain-journal-bench").FullName;
        var file = Path.Combine(_folder, "journal.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = Wal ? "PRAGMA journal_mode=WAL;" : "PRAGMA journal_mode=DELETE;";
            command.ExecuteScalar();
        }
        var connectionString = $"Data Source={file}";
        _system = ActorSystem.Create("bench-journal", ConfigurationFactory.ParseString($$"""
            akka.persistence.journal {
              plugin = "akka.persistence.journal.sql"
              sql { connection-string = "{{connectionString}}", provider-name = "SQLite.MS", auto-initialize = on }
            }
            akka.persistence.snapshot-store {
              plugin = "akka.persistence.snapshot-store.sql"
              sql { connection-string = "{{connectionString}}", provider-name = "SQLite.MS", auto-initialize = on }
            }
            """).WithFallback(FountainActorsConfig.Config(codecThreads: 1)).WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _system.Terminate().GetAwaiter().GetResult();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public void PersistOneAtATime()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var id = "bench-" + _round++;
        var actor = _system.ActorOf(Props.Create(() => new JournalPersister(id, Events, done)));
        done.Task.GetAwaiter().GetResult();
        _system.Stop(actor);
    }
}
