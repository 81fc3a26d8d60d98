namespace Fountain.Actors;

/// <summary>The dispatchers of one actor system, by name.</summary>
public sealed class Dispatchers : IDisposable
{
    /// <summary>The thread-pool dispatcher every actor uses unless its props name another.</summary>
    public const string Default = "default";

    private readonly Dictionary<string, IDispatcher> _byName = new(StringComparer.Ordinal);

    internal Dispatchers(ActorSystemSettings settings)
    {
        _byName[Default] = settings.CallingThread ? new CallingThreadDispatcher(Default) : new ThreadPoolDispatcher(Default);
        foreach (var (name, d) in settings.DedicatedDispatchers)
        {
            _byName[name] = settings.CallingThread ? new CallingThreadDispatcher(name) : new DedicatedThreadDispatcher(name, d.Threads, d.MaxActors, settings.ShutdownTimeout);
        }
    }

    internal IDispatcher Get(string name) =>
        _byName.TryGetValue(name, out var d) ? d : throw new ArgumentException($"no dispatcher named '{name}' is configured (known: {string.Join(", ", _byName.Keys)})", nameof(name));

    /// <summary>Threads owned by dedicated dispatchers that are still alive.</summary>
    public int LiveThreads => _byName.Values.Sum(d => d.LiveThreads);

    public void Dispose()
    {
        foreach (var d in _byName.Values) d.Dispose();
    }
}
