namespace Fountain.Actors;

/// <summary>
/// The address of an actor, independent of its message type: what watch, supervision and dead letters use.
/// Two references are equal when they point at the same actor incarnation.
/// </summary>
public abstract class ActorRef
{
    private protected ActorRef(string path) => Path = path;

    /// <summary>The actor's path, e.g. <c>/user/region/artwork-12</c>; it names the actor in logs.</summary>
    public string Path { get; }

    /// <summary>True once the actor has stopped for good.</summary>
    public abstract bool IsTerminated { get; }

    internal abstract ActorSystem System { get; }

    internal abstract void SendSystem(SystemMessage message);

    public override string ToString() => Path;
}

/// <summary>A typed reference: only messages of type <typeparamref name="T"/> can be sent to it.</summary>
public abstract class ActorRef<T> : ActorRef
{
    private protected ActorRef(string path) : base(path) { }

    /// <summary>
    /// Sends a message without waiting. Returns true when it was enqueued; false when the mailbox was full
    /// (back-pressure: nothing was enqueued, or drop mode: it went to dead letters) or the actor has stopped
    /// (it went to dead letters).
    /// </summary>
    public abstract bool Tell(T message);

    /// <summary>
    /// Sends a message, waiting for room when the mailbox is full and applies back-pressure. Returns false
    /// when the actor has stopped or, in drop mode, when the message was dropped.
    /// </summary>
    public abstract ValueTask<bool> TellAsync(T message, CancellationToken cancellationToken = default);
}
