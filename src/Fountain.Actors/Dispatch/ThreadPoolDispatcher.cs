namespace Fountain.Actors;

/// <summary>The default dispatcher: actor turns are work items on the .NET thread pool, queued without an execution-context capture.</summary>
internal sealed class ThreadPoolDispatcher(string name) : IDispatcher
{
    public string Name { get; } = name;
    public int LiveThreads => 0;
    public void Schedule(ActorCell cell) => ThreadPool.UnsafeQueueUserWorkItem(cell, preferLocal: false);
    public void Register(ActorCell cell) { }
    public void Unregister(ActorCell cell) { }
    public void Dispose() { }
}
