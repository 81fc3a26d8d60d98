namespace Fountain.Actors;

/// <summary>Runs actor turns. A cell is handed to <see cref="Schedule"/> only while it is not already scheduled.</summary>
internal interface IDispatcher : IDisposable
{
    string Name { get; }
    void Schedule(ActorCell cell);
    /// <summary>An actor starts using this dispatcher (a dedicated one refuses more than it can queue).</summary>
    void Register(ActorCell cell);
    void Unregister(ActorCell cell);
    /// <summary>Threads this dispatcher owns that are still alive (zero after Dispose).</summary>
    int LiveThreads { get; }
}
