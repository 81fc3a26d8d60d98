namespace Fountain.Economics.Rewards;

/// <summary>Masternode rewards and penalties; defaults match <c>fountain.economics.rewards</c> in hocon/reference.conf.</summary>
public sealed record RewardOptions
{
    public static RewardOptions Default { get; } = new();

    /// <summary>
    /// Tokens shared among the eligible masternodes at each height. A network sets it at genesis; the
    /// default is a placeholder.
    /// </summary>
    public Tokens RewardPerHeight { get; init; } = Tokens.FromWhole(10);

    /// <summary>
    /// Heights a failed storage challenge withholds a masternode's rewards for; each further failure adds
    /// as many again. The seed (fountain-blocks.txt, storage challenges): "withholding the Masternode block
    /// rewards for a set period of time (say, 100 blocks)".
    /// </summary>
    public long PenaltyHeights { get; init; } = 100;

    public Rejection? Validate()
    {
        if (RewardPerHeight.IsNegative) return new("bad-option", $"the reward per height must not be negative, got {RewardPerHeight}");
        if (PenaltyHeights < 1) return new("bad-option", $"penalty heights must be at least 1, got {PenaltyHeights}");
        return null;
    }
}
