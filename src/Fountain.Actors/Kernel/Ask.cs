namespace Fountain.Actors;

/// <summary>
/// Request-reply with an actor. The request carries a one-shot reply reference; the reply completes the
/// returned task on the thread pool, never inline on the replying actor's turn. Every ask has a timeout
/// (measured on the actor system's clock) and a cancellation token: there is no waiting forever.
/// </summary>
public static class AskExtensions
{
    /// <summary>The longest timeout an ask accepts; longer is almost certainly a mistake.</summary>
    public static readonly TimeSpan MaxAskTimeout = TimeSpan.FromDays(1);

    public static Task<TReply> Ask<TRequest, TReply>(this ActorRef<TRequest> target, Func<ActorRef<TReply>, TRequest> createRequest,
        TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(createRequest);
        if (timeout <= TimeSpan.Zero || timeout > MaxAskTimeout)
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, $"an ask needs a timeout above zero and at most {MaxAskTimeout}");
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<TReply>(cancellationToken);

        var promise = new PromiseActorRef<TReply>(target.System, target.Path, timeout, cancellationToken);
        if (!target.Tell(createRequest(promise)))
            promise.Fail(target.IsTerminated
                ? new InvalidOperationException($"ask to {target.Path} failed: the actor has stopped")
                : new InvalidOperationException($"ask to {target.Path} failed: its mailbox is full"));
        return promise.Task;
    }
}

/// <summary>The one-shot reply address of an ask.</summary>
internal sealed class PromiseActorRef<T> : ActorRef<T>
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActorSystem _system;
    private readonly ITimer _timer;
    private readonly CancellationTokenRegistration _cancellation;

    public PromiseActorRef(ActorSystem system, string targetPath, TimeSpan timeout, CancellationToken cancellationToken)
        : base(targetPath + "/$ask")
    {
        _system = system;
        _timer = system.CreateTimer(() => Fail(new AskTimeoutException(targetPath, timeout)), timeout);
        if (cancellationToken.CanBeCanceled)
            _cancellation = cancellationToken.Register(() => Complete(c => c.TrySetCanceled(cancellationToken)));
    }

    public Task<T> Task => _completion.Task;

    public override bool IsTerminated => _completion.Task.IsCompleted;

    internal override ActorSystem System => _system;

    internal override void SendSystem(SystemMessage message)
    {
        // Someone watching a promise learns at once that it is gone once completed; otherwise ignore.
        if (message is WatchActor w && IsTerminated) w.Watcher.SendSystem(new WatchedTerminated(this));
    }

    public override bool Tell(T message)
    {
        if (Complete(c => c.TrySetResult(message))) return true;
        _system.DeadLetters.Publish(message, Path, DeadLetterReason.LateReply);
        return false;
    }

    public override ValueTask<bool> TellAsync(T message, CancellationToken cancellationToken = default) => new(Tell(message));

    internal void Fail(Exception exception) => Complete(c => c.TrySetException(exception));

    private bool Complete(Func<TaskCompletionSource<T>, bool> complete)
    {
        if (!complete(_completion)) return false;
        _timer.Dispose();
        _cancellation.Dispose();
        return true;
    }
}
