namespace Fountain.Actors;

/// <summary>
/// An actor that handles messages of type <typeparamref name="T"/>, one at a time. Its state is private;
/// everything it does to the world goes through its <see cref="Context"/>. Handlers are synchronous: a
/// long operation runs elsewhere and its result comes back as a message (<see cref="ActorContext{T}.PipeToSelf{TResult}"/>).
/// </summary>
public abstract class Actor<T>
{
    private ActorContext<T>? _context;

    /// <summary>This actor's view of the system: self, parent, children, timers, stash, clock.</summary>
    protected ActorContext<T> Context => _context ?? throw new InvalidOperationException("an actor's context is available only once the actor system has created it (not in its constructor)");

    /// <summary>This actor's own reference.</summary>
    protected ActorRef<T> Self => Context.Self;

    internal void Attach(ActorContext<T> context) => _context = context;

    // The cell calls the lifecycle through these, so that subclasses override plain protected members.
    internal void InvokeReceive(T message) => Receive(message);
    internal void InvokePreStart() => PreStart();
    internal void InvokePostStop() => PostStop();
    internal void InvokePreRestart(Exception cause) => PreRestart(cause);
    internal void InvokePostRestart(Exception cause) => PostRestart(cause);
    internal void InvokeTerminated(ActorRef actor) => OnTerminated(actor);

    /// <summary>Handles one message. An exception here fails the actor; its supervisor decides what happens next.</summary>
    protected abstract void Receive(T message);

    /// <summary>Runs once before the first message of this incarnation.</summary>
    protected virtual void PreStart() { }

    /// <summary>Runs after the actor and all its children have stopped.</summary>
    protected virtual void PostStop() { }

    /// <summary>Runs on the failed instance before it is replaced; by default it is treated like a stop.</summary>
    protected virtual void PreRestart(Exception cause) => PostStop();

    /// <summary>Runs on the new instance after a restart; by default it is treated like a start.</summary>
    protected virtual void PostRestart(Exception cause) => PreStart();

    /// <summary>A watched actor (<see cref="ActorContext{T}.Watch"/>) has stopped.</summary>
    protected virtual void OnTerminated(ActorRef actor) { }
}
