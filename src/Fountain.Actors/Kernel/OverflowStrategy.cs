namespace Fountain.Actors;

/// <summary>What a bounded mailbox does with a message that arrives when it is full.</summary>
public enum OverflowStrategy
{
    /// <summary>
    /// The sender is pushed back: <see cref="ActorRef{T}.Tell"/> returns false and enqueues nothing, and
    /// <see cref="ActorRef{T}.TellAsync"/> waits until there is room.
    /// </summary>
    BackPressure,

    /// <summary>The message goes to dead letters and is counted as dropped; <c>Tell</c> returns false.</summary>
    DropToDeadLetters,
}
