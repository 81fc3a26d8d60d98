namespace Fountain.Actors;

/// <summary>
/// A tree of actors under one root (<c>/user</c>), with its dispatchers, clock, dead letters and log.
/// Time comes only from the injected <see cref="TimeProvider"/>; shutting the system down stops every
/// actor (children first), cancels every timer and joins every thread it started.
/// </summary>
public sealed class ActorSystem : IAsyncDisposable
{
    private readonly ActorCell<RootMessage> _root;
    private readonly TaskCompletionSource _rootStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Random _jitter;
    private readonly object _jitterLock = new();
    private readonly IActorLog _log;
    private int _activeTimers;
    private int _terminating;

    private ActorSystem(string name, ActorSystemSettings settings, TimeProvider clock, IActorLog log)
    {
        Name = name;
        Settings = settings;
        Clock = clock;
        _log = log;
        _jitter = new Random(settings.RandomSeed);
        Dispatchers = new Dispatchers(settings);
        _root = new ActorCell<RootMessage>(this, null, "user", Props<RootMessage>.Create(() => new RootActor()));
        _root.SendSystem(new CreateActor());
    }

    /// <summary>Creates a system; <paramref name="clock"/> defaults to the real clock, <paramref name="log"/> to standard error.</summary>
    public static ActorSystem Create(string name, ActorSystemSettings? settings = null, TimeProvider? clock = null, IActorLog? log = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        settings ??= new ActorSystemSettings();
        settings.Validate();
        return new ActorSystem(name, settings, clock ?? TimeProvider.System, log ?? new ConsoleActorLog());
    }

    public string Name { get; }
    public ActorSystemSettings Settings { get; }
    public TimeProvider Clock { get; }
    public DeadLetterOffice DeadLetters { get; } = new();
    public Dispatchers Dispatchers { get; }

    /// <summary>Timers created by actors, asks and supervisors that have not been disposed yet.</summary>
    public int ActiveTimers => Volatile.Read(ref _activeTimers);

    /// <summary>Completes when every actor has stopped.</summary>
    public Task WhenTerminated => _rootStopped.Task;

    /// <summary>Creates a top-level actor under <c>/user</c>.</summary>
    public ActorRef<T> ActorOf<T>(Props<T> props, string? name = null)
    {
        if (Volatile.Read(ref _terminating) != 0) throw new InvalidOperationException($"actor system '{Name}' is shutting down");
        return _root.SpawnChild(props, name);
    }

    /// <summary>Stops an actor (its children first).</summary>
    public void Stop(ActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.SendSystem(new StopActor());
    }

    /// <summary>
    /// Stops every actor, children first, then the dedicated dispatchers' threads. Throws
    /// <see cref="TimeoutException"/> if actors are still running after <see cref="ActorSystemSettings.ShutdownTimeout"/>.
    /// </summary>
    public async Task TerminateAsync()
    {
        if (Interlocked.Exchange(ref _terminating, 1) == 0) _root.SendSystem(new StopActor());
        try
        {
            await _rootStopped.Task.WaitAsync(Settings.ShutdownTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"actor system '{Name}' did not stop within {Settings.ShutdownTimeout}");
        }
        finally
        {
            Dispatchers.Dispose();
        }
    }

    public ValueTask DisposeAsync() => new(TerminateAsync());

    internal void OnRootStopped() => _rootStopped.TrySetResult();

    internal double NextJitter()
    {
        lock (_jitterLock) return _jitter.NextDouble();
    }

    internal void WriteLog(ActorLogLevel level, string path, string message, Exception? exception)
    {
        try
        {
            _log.Write(new ActorLogEntry(Clock.GetUtcNow(), level, path, message, exception));
        }
        catch
        {
            // A failing log must not take an actor down with it.
        }
    }

    /// <summary>A timer on the system's clock, counted until disposed; a one-shot timer disposes itself after it fires.</summary>
    internal ITimer CreateTimer(Action callback, TimeSpan due, TimeSpan? period = null)
    {
        Interlocked.Increment(ref _activeTimers);
        return new CountedTimer(this, callback, due, period);
    }

    private sealed class CountedTimer : ITimer
    {
        private readonly ActorSystem _system;
        private readonly ITimer _timer;
        private readonly bool _oneShot;
        private int _disposed;

        public CountedTimer(ActorSystem system, Action callback, TimeSpan due, TimeSpan? period)
        {
            _system = system;
            _oneShot = period is null;
            _timer = system.Clock.CreateTimer(_ =>
            {
                if (Volatile.Read(ref _disposed) != 0) return;
                callback();
                if (_oneShot) Dispose();
            }, null, due, period ?? Timeout.InfiniteTimeSpan);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period) => _timer.Change(dueTime, period);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            _timer.Dispose();
            Interlocked.Decrement(ref _system._activeTimers);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>The root guardian has no messages of its own; it only supervises the top-level actors.</summary>
    internal readonly record struct RootMessage;

    private sealed class RootActor : Actor<RootMessage>
    {
        protected override void Receive(RootMessage message) { }
    }
}
