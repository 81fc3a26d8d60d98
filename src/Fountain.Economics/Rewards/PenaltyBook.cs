using System.Collections.Immutable;

namespace Fountain.Economics.Rewards;

/// <summary>
/// Which masternodes are under penalty, and until when (exclusive). A failed storage challenge at height
/// h withholds rewards for heights h … h + PenaltyHeights − 1; a failure while already penalized extends
/// the penalty by PenaltyHeights from its current end, so repeated failures add up (issue 5, item 6).
/// </summary>
public sealed record PenaltyBook
{
    public static PenaltyBook Empty { get; } = new();

    public ImmutableSortedDictionary<string, long> PenalizedUntil { get; private init; } =
        ImmutableSortedDictionary<string, long>.Empty.WithComparers(StringComparer.Ordinal);

    public PenaltyBook RecordFailedChallenge(string node, long height, long penaltyHeights)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfLessThan(penaltyHeights, 1);
        var from = PenalizedUntil.TryGetValue(node, out var until) && until > height ? until : height;
        return this with { PenalizedUntil = PenalizedUntil.SetItem(node, checked(from + penaltyHeights)) };
    }

    public bool IsPenalized(string node, long height) => PenalizedUntil.TryGetValue(node, out var until) && height < until;

    /// <summary>Forgets penalties that ended at or before <paramref name="height"/>, to keep the book small.</summary>
    public PenaltyBook Prune(long height) =>
        this with { PenalizedUntil = PenalizedUntil.RemoveRange(PenalizedUntil.Where(p => p.Value <= height).Select(p => p.Key)) };
}
