namespace Fountain.Actors;

/// <summary>
/// A message on an actor's system lane, drained before any user message. System messages form an
/// intrusive list (<see cref="Next"/>) so that sending one allocates only the message itself.
/// </summary>
internal abstract class SystemMessage
{
    internal SystemMessage? Next;
}

/// <summary>Instantiate the actor and run PreStart.</summary>
internal sealed class CreateActor : SystemMessage;

/// <summary>Stop now: children first, then PostStop; queued user messages go to dead letters.</summary>
internal sealed class StopActor : SystemMessage;

/// <summary>Process the user messages already queued, then stop (passivation and hand-off use this).</summary>
internal sealed class StopWhenDrained : SystemMessage;

/// <summary>Continue after a failure, dropping the message that failed.</summary>
internal sealed class ResumeActor : SystemMessage;

/// <summary>Replace the failed instance with a new one.</summary>
internal sealed class RestartActor(Exception cause) : SystemMessage
{
    public Exception Cause { get; } = cause;
}

/// <summary>From a child to its parent: the child failed and is suspended until the parent decides.</summary>
internal sealed class ChildFailed(ActorCell child, Exception cause) : SystemMessage
{
    public ActorCell Child { get; } = child;
    public Exception Cause { get; } = cause;
}

/// <summary>From a child to its parent: the child has stopped.</summary>
internal sealed class ChildTerminated(ActorCell child) : SystemMessage
{
    public ActorCell Child { get; } = child;
}

/// <summary>Someone wants to know when this actor stops.</summary>
internal sealed class WatchActor(ActorRef watcher) : SystemMessage
{
    public ActorRef Watcher { get; } = watcher;
}

internal sealed class UnwatchActor(ActorRef watcher) : SystemMessage
{
    public ActorRef Watcher { get; } = watcher;
}

/// <summary>To a watcher: the watched actor has stopped.</summary>
internal sealed class WatchedTerminated(ActorRef actor) : SystemMessage
{
    public ActorRef Actor { get; } = actor;
}

/// <summary>
/// Code to run inside the actor (a timer that fired, a journal write that completed). It runs only if the
/// actor is still the incarnation that asked for it.
/// </summary>
internal sealed class RunInActor(int incarnation, Action action) : SystemMessage
{
    public int Incarnation { get; } = incarnation;
    public Action Action { get; } = action;
}

/// <summary>To a parent: a child's restart back-off has elapsed.</summary>
internal sealed class RestartChildDue(ActorCell child, Exception cause) : SystemMessage
{
    public ActorCell Child { get; } = child;
    public Exception Cause { get; } = cause;
}
