namespace Fountain.Actors;

/// <summary>A reference to an actor in this process: sending enqueues into its mailbox and schedules it.</summary>
internal sealed class LocalActorRef<T>(ActorCell<T> cell) : ActorRef<T>(cell.Path)
{
    internal ActorCell<T> Cell { get; } = cell;

    public override bool IsTerminated => Cell.IsStopped;

    internal override ActorSystem System => Cell.System;

    internal override void SendSystem(SystemMessage message) => Cell.SendSystem(message);

    public override bool Tell(T message)
    {
        if (Cell.IsStopped)
        {
            Cell.System.DeadLetters.Publish(message, Path, DeadLetterReason.RecipientStopped);
            return false;
        }
        if (Cell.Mailbox.TryEnqueue(message))
        {
            Cell.ScheduleIfIdle();
            return true;
        }
        if (Cell.Overflow == OverflowStrategy.DropToDeadLetters)
            Cell.System.DeadLetters.Publish(message, Path, DeadLetterReason.MailboxFull);
        return false;
    }

    public override ValueTask<bool> TellAsync(T message, CancellationToken cancellationToken = default)
    {
        if (Tell(message)) return new ValueTask<bool>(true);
        if (Cell.IsStopped || Cell.Overflow == OverflowStrategy.DropToDeadLetters) return new ValueTask<bool>(false);
        return WaitAndTellAsync(message, cancellationToken);
    }

    private async ValueTask<bool> WaitAndTellAsync(T message, CancellationToken cancellationToken)
    {
        while (true)
        {
            await Cell.Mailbox.WaitForRoomAsync(cancellationToken).ConfigureAwait(false);
            if (Cell.IsStopped)
            {
                Cell.System.DeadLetters.Publish(message, Path, DeadLetterReason.RecipientStopped);
                return false;
            }
            if (Cell.Mailbox.TryEnqueue(message))
            {
                Cell.ScheduleIfIdle();
                return true;
            }
        }
    }
}
