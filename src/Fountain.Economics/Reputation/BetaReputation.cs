namespace Fountain.Economics.Reputation;

/// <summary>
/// A masternode's audit reputation: Jøsang and Ismail's beta reputation system (2002) with forgetting, as
/// Storj uses it for audits. After an audit with outcome v (+1 pass, −1 fail):
/// <code>
///   α ← λ·α + w·(1 + v)/2
///   β ← λ·β + w·(1 − v)/2
///   score = α / (α + β)
/// </code>
/// and a score below the threshold disqualifies the node for good. With α₀ = 1000, β₀ = 0, λ = 0.999 and
/// w = 1, α + β stays 1000, so k consecutive failures from a clean record leave a score of 0.999^k: the
/// 41st disqualifies (0.999^40 ≈ 0.9608, 0.999^41 ≈ 0.9598). Decimal arithmetic keeps every node's
/// figure identical.
/// </summary>
public sealed record BetaReputation(decimal Alpha, decimal Beta, bool Disqualified)
{
    public static BetaReputation Initial(ReputationOptions options) => new(options.Alpha0, options.Beta0, false);

    public decimal Score => Alpha / (Alpha + Beta);

    /// <summary>The reputation after one audit. A disqualified node stays disqualified.</summary>
    public BetaReputation Record(bool passed, ReputationOptions options)
    {
        var v = passed ? 1m : -1m;
        var alpha = options.Lambda * Alpha + options.Weight * (1 + v) / 2;
        var beta = options.Lambda * Beta + options.Weight * (1 - v) / 2;
        var next = new BetaReputation(alpha, beta, Disqualified);
        return next.Score < options.DisqualificationThreshold ? next with { Disqualified = true } : next;
    }
}
