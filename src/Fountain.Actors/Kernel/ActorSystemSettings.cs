namespace Fountain.Actors;

/// <summary>A dedicated dispatcher: its own threads and the number of actors it can run.</summary>
public sealed record DedicatedDispatcherSettings(int Threads, int MaxActors);

/// <summary>The settings of an actor system; its host sets them in code.</summary>
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
}
