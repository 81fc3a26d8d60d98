using System.Collections.Immutable;

namespace Fountain.Economics.Rewards;

/// <summary>
/// The per-height reward ledger the chain calls once per height (issue 5, item 6): it records failed
/// storage challenges and, when a height closes, shares that height's reward equally among the
/// masternodes not under penalty. Equal shares are whole base units; the remainder of the division stays
/// in the pool (<see cref="HeightRewards.Undistributed"/>) rather than favouring any node by its id.
/// Immutable: every call returns a new ledger.
/// </summary>
public sealed record RewardLedger
{
    private RewardLedger(RewardOptions options) => Options = options;

    public RewardOptions Options { get; }

    /// <summary>The last height closed, or −1 before the first.</summary>
    public long LastClosedHeight { get; private init; } = -1;

    public PenaltyBook Penalties { get; private init; } = PenaltyBook.Empty;

    public static Result<RewardLedger> Create(RewardOptions options) =>
        options.Validate() is { } bad ? Result<RewardLedger>.Reject(bad) : Result<RewardLedger>.Ok(new RewardLedger(options));

    /// <summary>Records a failed storage challenge at a height that has not closed yet.</summary>
    public Result<RewardLedger> RecordFailedChallenge(string node, long height)
    {
        if (string.IsNullOrEmpty(node)) return Result<RewardLedger>.Reject("bad-node", "the masternode must be named");
        if (height <= LastClosedHeight)
            return Result<RewardLedger>.Reject("height-closed", $"height {height} is closed (last closed: {LastClosedHeight}); its rewards are paid");
        return Result<RewardLedger>.Ok(this with { Penalties = Penalties.RecordFailedChallenge(node, height, Options.PenaltyHeights) });
    }

    /// <summary>
    /// Closes <paramref name="height"/> (which must follow the last closed one) and shares the reward
    /// among <paramref name="masternodes"/> (the registered, not disqualified masternodes at that height)
    /// that are not under penalty.
    /// </summary>
    public Result<(RewardLedger Ledger, HeightRewards Rewards)> CloseHeight(long height, IReadOnlyCollection<string> masternodes)
    {
        ArgumentNullException.ThrowIfNull(masternodes);
        if (height <= LastClosedHeight)
            return Result<(RewardLedger, HeightRewards)>.Reject("height-closed", $"height {height} is not after the last closed height {LastClosedHeight}");
        if (masternodes.Any(string.IsNullOrEmpty))
            return Result<(RewardLedger, HeightRewards)>.Reject("bad-node", "a masternode id is empty");
        var nodes = masternodes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var eligible = nodes.Where(n => !Penalties.IsPenalized(n, height)).ToArray();
        var withheld = nodes.Where(n => Penalties.IsPenalized(n, height))
            .ToImmutableSortedDictionary(n => n, n => Penalties.Penalties[n].Until, StringComparer.Ordinal);
        var reward = Options.RewardPerHeight;
        var share = eligible.Length == 0 ? Tokens.Zero : new Tokens(reward.Units / eligible.Length);
        var payouts = eligible.ToImmutableSortedDictionary(n => n, _ => share, StringComparer.Ordinal);
        var undistributed = new Tokens(reward.Units - share.Units * eligible.Length);
        var rewards = new HeightRewards(height, reward, payouts, withheld, undistributed);
        var next = this with { LastClosedHeight = height, Penalties = Penalties.Prune(height) };
        return Result<(RewardLedger, HeightRewards)>.Ok((next, rewards));
    }
}
