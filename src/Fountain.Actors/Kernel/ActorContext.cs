namespace Fountain.Actors;

/// <summary>
/// What an actor may do, valid only on the actor's own turn: create and stop children, watch others, use
/// timers and the stash, pipe task results back as messages, read the injected clock, log.
/// </summary>
public sealed class ActorContext<T>
{
    private readonly ActorCell<T> _cell;

    internal ActorContext(ActorCell<T> cell) => _cell = cell;

    internal ActorCell<T> Cell => _cell;

    public ActorRef<T> Self => _cell.Self;

    /// <summary>The parent's reference (untyped: an actor reports to its parent through the parent's own protocol).</summary>
    public ActorRef? Parent => _cell.Parent?.SelfRef;

    public ActorSystem System => _cell.System;

    /// <summary>The injected clock; never read the wall clock inside an actor.</summary>
    public TimeProvider Clock => _cell.System.Clock;

    /// <summary>Single and periodic timers that deliver messages to this actor; all are cancelled when it stops or restarts.</summary>
    public TimerScheduler<T> Timers => _cell.Timers;

    public IReadOnlyList<ActorRef> Children => _cell.ChildrenSnapshot().Select(c => c.SelfRef).ToList();

    public ActorRef? Child(string name) => _cell.FindChild(name);

    /// <summary>Creates a child; a null name gets a generated one.</summary>
    public ActorRef<TChild> Spawn<TChild>(Props<TChild> props, string? name = null) => _cell.SpawnChild(props, name);

    /// <summary>Stops a child (children first) or this actor itself; queued user messages go to dead letters.</summary>
    public void Stop(ActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.SendSystem(new StopActor());
    }

    /// <summary>Stops this actor once the user messages already in its mailbox have been processed.</summary>
    public void StopWhenDrained() => _cell.SendSystem(new StopWhenDrained());

    /// <summary>Delivers <see cref="Actor{T}.OnTerminated"/> when <paramref name="actor"/> stops (at once if it already has).</summary>
    public void Watch(ActorRef actor) => _cell.Watch(actor);

    public void Unwatch(ActorRef actor) => _cell.Unwatch(actor);

    /// <summary>Keeps a message aside until <see cref="UnstashAll"/>; more than the stash capacity fails the actor.</summary>
    public void Stash(T message) => _cell.Stash(message);

    /// <summary>Processes the stashed messages next, in the order they were stashed.</summary>
    public void UnstashAll() => _cell.UnstashAllFromActor();

    public int StashCount => _cell.StashCount;

    /// <summary>
    /// Sends the outcome of a task to this actor as a message, waiting for mailbox room if needed, so that
    /// asynchronous work never touches the actor's state from another thread.
    /// </summary>
    public void PipeToSelf<TResult>(Task<TResult> task, Func<TResult, T> onSuccess, Func<Exception, T> onFailure)
    {
        ArgumentNullException.ThrowIfNull(task);
        var self = Self;
        _ = PipeAsync();

        async Task PipeAsync()
        {
            T message;
            try
            {
                message = onSuccess(await task.ConfigureAwait(false));
            }
            catch (Exception e)
            {
                message = onFailure(e);
            }
            await self.TellAsync(message).ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="action"/> later on this actor's turn, if this incarnation is still running then.</summary>
    internal void RunLater(Action action) => _cell.SendSystem(new RunInActor(_cell.Incarnation, action));

    internal int Incarnation => _cell.Incarnation;

    internal void HoldUserMessages(bool hold) => _cell.HoldUserMessages(hold);

    public void Log(ActorLogLevel level, string message, Exception? exception = null) =>
        _cell.System.WriteLog(level, _cell.Path, message, exception);
}
