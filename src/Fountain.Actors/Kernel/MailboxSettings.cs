namespace Fountain.Actors;

/// <summary>The limits of one actor's mailbox.</summary>
public sealed record MailboxSettings
{
    /// <summary>User messages the mailbox holds at most (the system lane is separate).</summary>
    public int CapacityMessages { get; init; } = 1000;

    /// <summary>What happens to a message that arrives when the mailbox is full.</summary>
    public OverflowStrategy Overflow { get; init; } = OverflowStrategy.BackPressure;

    /// <summary>User messages processed in one turn before the actor yields its thread to others.</summary>
    public int ThroughputPerTurn { get; init; } = 64;

    /// <summary>Messages an actor may stash at most; one more is a failure of the actor.</summary>
    public int StashCapacityMessages { get; init; } = 1000;

    internal void Validate()
    {
        if (CapacityMessages < 1) throw new ArgumentOutOfRangeException(nameof(CapacityMessages), CapacityMessages, "a mailbox holds at least one message");
        if (ThroughputPerTurn < 1) throw new ArgumentOutOfRangeException(nameof(ThroughputPerTurn), ThroughputPerTurn, "an actor processes at least one message per turn");
        if (StashCapacityMessages < 0) throw new ArgumentOutOfRangeException(nameof(StashCapacityMessages), StashCapacityMessages, "the stash capacity cannot be negative");
        if (!Enum.IsDefined(Overflow)) throw new ArgumentOutOfRangeException(nameof(Overflow), Overflow, "unknown overflow strategy");
    }
}
