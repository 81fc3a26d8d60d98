using Fountain.Actors.Configuration;
using Microsoft.Extensions.Configuration;

namespace Fountain.Actors;

/// <summary>A dedicated dispatcher: its own threads and the number of actors it can run.</summary>
public sealed record DedicatedDispatcherSettings(int Threads, int MaxActors);

/// <summary>The settings of an actor system; <see cref="FromConfiguration"/> reads them from <c>fountain:actors</c>.</summary>
public sealed record ActorSystemSettings
{
    public MailboxSettings DefaultMailbox { get; init; } = new();
    public SupervisorStrategy DefaultSupervisorStrategy { get; init; } = new();

    /// <summary>Continuations (fired timers, journal replies) one actor can have waiting on its system lane; lifecycle messages are bounded by the actor tree and not counted.</summary>
    public int SystemLaneCapacityMessages { get; init; } = 10_000;

    /// <summary>How long <see cref="ActorSystem.TerminateAsync"/> waits for every actor to stop.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Seed of the random numbers used for restart jitter, so a run can be repeated.</summary>
    public int RandomSeed { get; init; } = 1;

    /// <summary>Dedicated dispatchers by name; the codec's is <c>codec</c>.</summary>
    public IReadOnlyDictionary<string, DedicatedDispatcherSettings> DedicatedDispatchers { get; init; } =
        new Dictionary<string, DedicatedDispatcherSettings> { ["codec"] = new(Threads: 2, MaxActors: 1024) };

    /// <summary>Test mode: every dispatcher runs turns on the calling thread.</summary>
    public bool CallingThread { get; init; }

    internal void Validate()
    {
        DefaultMailbox.Validate();
        DefaultSupervisorStrategy.Validate();
        if (SystemLaneCapacityMessages < 16) throw new ArgumentOutOfRangeException(nameof(SystemLaneCapacityMessages), SystemLaneCapacityMessages, "must be at least 16");
        if (ShutdownTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ShutdownTimeout), ShutdownTimeout, "must be positive");
        foreach (var (name, d) in DedicatedDispatchers)
        {
            if (name == Dispatchers.Default) throw new ArgumentException($"'{Dispatchers.Default}' is the thread-pool dispatcher and cannot be dedicated");
            if (d.Threads < 1 || d.MaxActors < 1) throw new ArgumentOutOfRangeException(nameof(DedicatedDispatchers), $"dispatcher '{name}' needs at least one thread and one actor");
        }
    }

    /// <summary>Reads <c>fountain:actors</c> (see hocon/reference.conf); absent keys keep their defaults.</summary>
    public static ActorSystemSettings FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var s = configuration.GetSection("fountain:actors");
        var defaults = new ActorSystemSettings();
        int Int(string key, int fallback) => ConfigurationValues.Int(s, key, fallback);
        double Double(string key, double fallback) => ConfigurationValues.Double(s, key, fallback);
        TimeSpan Duration(string key, TimeSpan fallback) => ConfigurationValues.Duration(s, key, fallback);
        var overflow = s["mailbox:overflow"] switch
        {
            null => defaults.DefaultMailbox.Overflow,
            "back-pressure" => OverflowStrategy.BackPressure,
            "drop-to-dead-letters" => OverflowStrategy.DropToDeadLetters,
            var other => throw new FormatException($"setting 'fountain:actors:mailbox:overflow' = '{other}': use back-pressure or drop-to-dead-letters"),
        };
        var dispatchers = new Dictionary<string, DedicatedDispatcherSettings>(defaults.DedicatedDispatchers);
        foreach (var d in s.GetSection("dedicated-dispatchers").GetChildren())
        {
            dispatchers[d.Key] = new DedicatedDispatcherSettings(ConfigurationValues.Int(d, "threads", 2), ConfigurationValues.Int(d, "max-actors", 1024));
        }
        var settings = new ActorSystemSettings
        {
            DefaultMailbox = new MailboxSettings
            {
                CapacityMessages = Int("mailbox:capacity-messages", defaults.DefaultMailbox.CapacityMessages),
                Overflow = overflow,
                ThroughputPerTurn = Int("mailbox:throughput-per-turn", defaults.DefaultMailbox.ThroughputPerTurn),
                StashCapacityMessages = Int("mailbox:stash-capacity-messages", defaults.DefaultMailbox.StashCapacityMessages),
            },
            DefaultSupervisorStrategy = new SupervisorStrategy
            {
                MaxRestarts = Int("supervision:max-restarts", defaults.DefaultSupervisorStrategy.MaxRestarts),
                RestartWindow = Duration("supervision:restart-window", defaults.DefaultSupervisorStrategy.RestartWindow),
                MinBackoff = Duration("supervision:min-backoff", defaults.DefaultSupervisorStrategy.MinBackoff),
                MaxBackoff = Duration("supervision:max-backoff", defaults.DefaultSupervisorStrategy.MaxBackoff),
                BackoffJitter = Double("supervision:backoff-jitter", defaults.DefaultSupervisorStrategy.BackoffJitter),
            },
            SystemLaneCapacityMessages = Int("system-lane-capacity-messages", defaults.SystemLaneCapacityMessages),
            ShutdownTimeout = Duration("shutdown-timeout", defaults.ShutdownTimeout),
            RandomSeed = Int("random-seed", defaults.RandomSeed),
            DedicatedDispatchers = dispatchers,
        };
        settings.Validate();
        return settings;
    }
}
