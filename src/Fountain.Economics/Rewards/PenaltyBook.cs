using System.Collections.Immutable;

namespace Fountain.Economics.Rewards;

/// <summary>A masternode's penalty: its rewards are withheld for heights From ≤ h &lt; Until.</summary>
public sealed record Penalty(long From, long Until);

/// <summary>
/// Which masternodes are under penalty, and for which heights. A failed storage challenge at height h
/// withholds rewards for heights h … h + PenaltyHeights − 1; a failure while already penalized extends
/// the penalty by PenaltyHeights from its current end, so repeated failures add up (issue 5, item 6).
/// </summary>
public sealed record PenaltyBook
{
    public static PenaltyBook Empty { get; } = new();

    public ImmutableSortedDictionary<string, Penalty> Penalties { get; private init; } =
        ImmutableSortedDictionary<string, Penalty>.Empty.WithComparers(StringComparer.Ordinal);

    public PenaltyBook RecordFailedChallenge(string node, long height, long penaltyHeights)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfLessThan(penaltyHeights, 1);
        var penalty = Penalties.TryGetValue(node, out var current) && current.Until > height
            ? new Penalty(Math.Min(current.From, height), checked(current.Until + penaltyHeights))
            : new Penalty(height, checked(height + penaltyHeights));
        return this with { Penalties = Penalties.SetItem(node, penalty) };
    }

    public bool IsPenalized(string node, long height) =>
        Penalties.TryGetValue(node, out var p) && p.From <= height && height < p.Until;

    /// <summary>Forgets penalties that ended at or before <paramref name="height"/>, to keep the book small.</summary>
    public PenaltyBook Prune(long height) =>
        this with { Penalties = Penalties.RemoveRange(Penalties.Where(p => p.Value.Until <= height).Select(p => p.Key)) };
}
