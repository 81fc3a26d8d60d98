namespace Fountain.Cluster.Tests.Misbehaviour;

/// <summary>The ways a test node can cheat (issue 7, item 4). Each is something a real cheater would do to save disk or effort.</summary>
public enum MisbehaviourKind
{
    None,
    /// <summary>Acknowledges blocks, then deletes every one of them.</summary>
    DropAll,
    /// <summary>Acknowledges blocks, then deletes a fraction of them (chosen by block id).</summary>
    DropFraction,
    /// <summary>Answers challenges with made-up hashes, without reading anything.</summary>
    GarbageAnswers,
    /// <summary>Answers challenges correctly, but only after a delay.</summary>
    LateAnswers,
    /// <summary>Keeps its blocks with every byte flipped (bit rot it never scrubs: its node runs with scrubbing off), and serves and hashes those bytes.</summary>
    CorruptBytes,
    /// <summary>Deletes its blocks and, when challenged, tries to fetch the block from another holder to answer (refused by honest holders).</summary>
    Outsource,
}

/// <summary>
/// How a test node cheats. The product has no setting for this: the tests do the damage on the node's disk themselves
/// (<see cref="DiskCheat"/>) and start the node with a cheating challenge answerer (<see cref="CheatingAnswerer"/>,
/// through NodeStartOptions).
/// </summary>
public sealed record Cheat
{
    public MisbehaviourKind Kind { get; init; } = MisbehaviourKind.None;

    /// <summary>For <see cref="MisbehaviourKind.DropFraction"/>: the share of blocks dropped, in [0, 1].</summary>
    public double DropFraction { get; init; } = 0.5;

    /// <summary>For <see cref="MisbehaviourKind.LateAnswers"/>: how long the answer is held back.</summary>
    public TimeSpan AnswerDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// For <see cref="MisbehaviourKind.Outsource"/>: the extra time fetching a block from elsewhere costs, standing in for a
    /// wide-area round trip and a 2 MiB transfer; on loopback a fetch is otherwise as fast as a disk read. It is the model
    /// of what a cheater pays where the protocol cannot refuse it (a colluding holder serves it); honest holders refuse a
    /// placed holder the block whatever the delay (Api.HolderReadRule), so the cheater is caught even with zero.
    /// </summary>
    public TimeSpan OutsourceFetchDelay { get; init; } = TimeSpan.FromSeconds(30);

    public bool IsHonest => Kind == MisbehaviourKind.None;

    /// <summary>Whether a block is among the dropped ones: deterministic in the block id, so each run drops the same blocks.</summary>
    public bool Drops(string blockId) => Kind switch
    {
        MisbehaviourKind.DropAll or MisbehaviourKind.Outsource => true,
        MisbehaviourKind.DropFraction => Convert.FromHexString(blockId.AsSpan(0, 8)) is var b
                                         && BitConverter.ToUInt32(b) / (double)uint.MaxValue < DropFraction,
        _ => false,
    };
}
