using System.Collections.Immutable;

namespace Fountain.Economics.Rewards;

/// <summary>
/// What one height paid: each eligible masternode's share, the masternodes whose rewards were withheld
/// (with the first height they are eligible again), and the units left over from the equal split, which
/// stay in the reward pool. Payouts plus <see cref="Undistributed"/> always equal <see cref="Reward"/>.
/// </summary>
public sealed record HeightRewards(
    long Height,
    Tokens Reward,
    ImmutableSortedDictionary<string, Tokens> Payouts,
    ImmutableSortedDictionary<string, long> WithheldUntil,
    Tokens Undistributed);
