namespace Fountain.Actors;

/// <summary>The actor's factory, constructor or PreStart failed; by default the supervisor stops such an actor.</summary>
public sealed class ActorInitializationException(string path, Exception inner)
    : Exception($"actor {path} failed to start: {inner.Message}", inner);

/// <summary>An actor stashed more messages than its mailbox settings allow.</summary>
public sealed class StashOverflowException(string path, int capacity)
    : Exception($"actor {path} tried to stash more than {capacity} messages");

/// <summary>An ask got no reply within its timeout.</summary>
public sealed class AskTimeoutException(string path, TimeSpan timeout)
    : TimeoutException($"no reply from {path} within {timeout.TotalMilliseconds:0.###} ms");

/// <summary>A child name that is empty, contains '/', or is already taken by a sibling.</summary>
public sealed class InvalidActorNameException(string message) : ArgumentException(message);
