namespace Fountain.Actors;

/// <summary>
/// An actor's timers, keyed so that starting a timer with a used key replaces it. Timers run on the actor
/// system's injected <see cref="TimeProvider"/>. A fired timer is delivered through the system lane and
/// checked on the actor's turn, so a cancelled or replaced timer never delivers a stale message; a periodic
/// timer that fires again before its previous message was handled is coalesced rather than queued.
/// </summary>
public sealed class TimerScheduler<T>
{
    private readonly ActorCell<T> _cell;
    private readonly Dictionary<object, Entry> _timers = [];

    internal TimerScheduler(ActorCell<T> cell) => _cell = cell;

    public int Count => _timers.Count;

    public bool IsActive(object key) => _timers.ContainsKey(key);

    public void StartSingle(object key, T message, TimeSpan delay) => Start(key, message, delay, periodic: false);

    public void StartPeriodic(object key, T message, TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), interval, "a periodic timer needs a positive interval");
        Start(key, message, interval, periodic: true);
    }

    public void Cancel(object key)
    {
        if (_timers.Remove(key, out var entry)) entry.Timer.Dispose();
    }

    public void CancelAll()
    {
        foreach (var entry in _timers.Values) entry.Timer.Dispose();
        _timers.Clear();
    }

    private void Start(object key, T message, TimeSpan delay, bool periodic)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (delay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(delay), delay, "cannot be negative");
        Cancel(key);
        var entry = new Entry(key, message, periodic);
        var incarnation = _cell.Incarnation;
        entry.Timer = _cell.System.CreateTimer(() =>
        {
            if (Interlocked.Exchange(ref entry.Pending, 1) == 1) return;
            _cell.SendSystem(new RunInActor(incarnation, () => Deliver(entry)));
        }, delay, periodic ? delay : null);
        _timers[key] = entry;
    }

    private void Deliver(Entry entry)
    {
        Volatile.Write(ref entry.Pending, 0);
        if (!_timers.TryGetValue(entry.Key, out var current) || !ReferenceEquals(current, entry)) return;
        if (!entry.Periodic)
        {
            _timers.Remove(entry.Key);
            entry.Timer.Dispose();
        }
        _cell.ReceiveNow(entry.Message);
    }

    private sealed class Entry(object key, T message, bool periodic)
    {
        public object Key { get; } = key;
        public T Message { get; } = message;
        public bool Periodic { get; } = periodic;
        public ITimer Timer = null!;
        public int Pending;
    }
}
