namespace Fountain.Node.Challenges;

/// <summary>
/// How a node audits others (fountain.challenges). An epoch starts at every height divisible by
/// <see cref="EpochHeights"/>; that height's hash seeds the epoch's <see cref="ChallengePlan"/>.
/// </summary>
public sealed record ChallengeSettings
{
    /// <summary>Run the challenge rounds on the node's own timer; tests that drive epochs by hand turn it off.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Heights per challenge epoch. Must stay below the chain's max-epoch-age-heights, or reports arrive too late.</summary>
    public long EpochHeights { get; init; } = 10;

    /// <summary>How long a target has to answer (fountain-blocks.txt: a short deadline; issue 7: 20 s).</summary>
    public TimeSpan AnswerDeadline { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Challenges per target and epoch, each by a different challenger on a different block. At most the chain's
    /// challengers-per-target (3 by default), or the extra reports are refused. A node keeping half its blocks then
    /// passes an epoch with probability about 1/8 instead of 1/2.
    /// </summary>
    public int ChallengesPerTarget { get; init; } = 3;

    /// <summary>
    /// Heights a node back from offline is not audited on blocks placed before its return (they may have been placed
    /// while it was away, and holder maintenance needs a few epochs to copy them to it).
    /// </summary>
    public long RejoinGraceHeights { get; init; } = ChallengePlan.DefaultRejoinGraceHeights;

    /// <summary>Largest byte range a challenge asks to hash; must not exceed the chain's max-challenge-range.</summary>
    public long MaxRangeBytes { get; init; } = 1L << 20;

    /// <summary>Tickets a node reads from the chain's listing to plan an epoch (the first ones in artwork-id order), at most.</summary>
    public int MaxPlannedArtworks { get; init; } = 10_000;

    internal void Validate()
    {
        if (EpochHeights < 1) throw new ArgumentOutOfRangeException(nameof(EpochHeights), EpochHeights, "challenge epoch-heights must be at least 1");
        if (AnswerDeadline <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(AnswerDeadline), AnswerDeadline, "challenge answer-deadline must be positive");
        if (MaxRangeBytes < 1) throw new ArgumentOutOfRangeException(nameof(MaxRangeBytes), MaxRangeBytes, "challenge max-range must be positive");
        if (ChallengesPerTarget < 1) throw new ArgumentOutOfRangeException(nameof(ChallengesPerTarget), ChallengesPerTarget, "challenge challenges-per-target must be at least 1");
        if (RejoinGraceHeights < 0) throw new ArgumentOutOfRangeException(nameof(RejoinGraceHeights), RejoinGraceHeights, "challenge rejoin-grace-heights must not be negative");
        if (MaxPlannedArtworks < 1) throw new ArgumentOutOfRangeException(nameof(MaxPlannedArtworks), MaxPlannedArtworks, "challenge max-planned-artworks must be positive");
    }
}
