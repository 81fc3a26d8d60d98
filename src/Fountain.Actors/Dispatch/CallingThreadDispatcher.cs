namespace Fountain.Actors;

/// <summary>
/// Runs every turn on the thread that sends the message, for deterministic unit tests of an actor's
/// behaviour: when <c>Tell</c> returns, the message has been processed. Turns that become due while a turn
/// runs (an actor telling another) are queued and run in order before the outermost send returns.
/// </summary>
internal sealed class CallingThreadDispatcher(string name) : IDispatcher
{
    [ThreadStatic] private static Queue<ActorCell>? t_pending;

    public string Name { get; } = name;
    public int LiveThreads => 0;
    public void Register(ActorCell cell) { }
    public void Unregister(ActorCell cell) { }
    public void Dispose() { }

    public void Schedule(ActorCell cell)
    {
        if (t_pending is not null)
        {
            t_pending.Enqueue(cell);
            return;
        }
        t_pending = new Queue<ActorCell>();
        try
        {
            cell.Execute();
            while (t_pending.TryDequeue(out var next)) next.Execute();
        }
        finally
        {
            t_pending = null;
        }
    }
}
