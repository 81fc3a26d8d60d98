using System.Collections.Concurrent;

namespace Fountain.Actors;

/// <summary>
/// A dispatcher with its own threads, for CPU-bound actors (LT decoding) that must not starve the thread
/// pool. Its run queue holds actors, not messages, and each actor is queued at most once, so a queue of
/// <see cref="MaxActors"/> entries can never overflow; registering one actor more is refused instead.
/// </summary>
internal sealed class DedicatedThreadDispatcher : IDispatcher
{
    private readonly BlockingCollection<ActorCell> _runQueue;
    private readonly Thread[] _threads;
    private int _actors;

    private readonly TimeSpan _joinTimeout;

    public DedicatedThreadDispatcher(string name, int threadCount, int maxActors, TimeSpan joinTimeout)
    {
        _joinTimeout = joinTimeout;
        if (threadCount < 1) throw new ArgumentOutOfRangeException(nameof(threadCount), threadCount, "a dedicated dispatcher needs at least one thread");
        if (maxActors < 1) throw new ArgumentOutOfRangeException(nameof(maxActors), maxActors, "a dedicated dispatcher needs room for at least one actor");
        Name = name;
        MaxActors = maxActors;
        _runQueue = new BlockingCollection<ActorCell>(new ConcurrentQueue<ActorCell>(), maxActors);
        _threads = new Thread[threadCount];
        for (var i = 0; i < threadCount; i++)
        {
            _threads[i] = new Thread(Run) { IsBackground = true, Name = $"fountain-{name}-{i}" };
            _threads[i].Start();
        }
    }

    public string Name { get; }
    public int MaxActors { get; }
    public int LiveThreads => _threads.Count(t => t.IsAlive);

    public void Register(ActorCell cell)
    {
        if (Interlocked.Increment(ref _actors) > MaxActors)
        {
            Interlocked.Decrement(ref _actors);
            throw new InvalidOperationException($"dispatcher '{Name}' already runs its maximum of {MaxActors} actors");
        }
    }

    public void Unregister(ActorCell cell) => Interlocked.Decrement(ref _actors);

    public void Schedule(ActorCell cell)
    {
        if (!_runQueue.TryAdd(cell))
        {
            // Only after Dispose: the system is gone, the turn would have nothing left to do.
            cell.System.WriteLog(ActorLogLevel.Warning, cell.Path, $"dispatcher '{Name}' is shut down; turn not run", null);
        }
    }

    private void Run()
    {
        foreach (var cell in _runQueue.GetConsumingEnumerable()) cell.Execute();
    }

    public void Dispose()
    {
        if (_runQueue.IsAddingCompleted) return;
        _runQueue.CompleteAdding();
        // A turn stuck forever must not hang shutdown too: wait a bounded time; the threads are background threads.
        foreach (var thread in _threads)
        {
            if (thread != Thread.CurrentThread && !thread.Join(_joinTimeout))
                throw new TimeoutException($"dispatcher '{Name}': thread {thread.Name} still runs a turn after {_joinTimeout}");
        }
    }
}
