namespace Fountain.Economics.Reputation;

/// <summary>
/// Beta reputation with forgetting, with Storj's audit parameters (issue 5, item 6); defaults match
/// <c>fountain.economics.reputation</c> in hocon/reference.conf.
/// </summary>
public sealed record ReputationOptions
{
    public static ReputationOptions Default { get; } = new();

    /// <summary>λ, the forgetting factor: each past outcome's weight is multiplied by λ per new outcome.</summary>
    public decimal Lambda { get; init; } = 0.999m;

    /// <summary>w, the weight of one outcome.</summary>
    public decimal Weight { get; init; } = 1m;

    /// <summary>α₀: 1000 = w / (1 − λ), the steady-state total, so a new node starts at a perfect score with full memory.</summary>
    public decimal Alpha0 { get; init; } = 1000m;

    /// <summary>β₀.</summary>
    public decimal Beta0 { get; init; } = 0m;

    /// <summary>A score α/(α + β) below this disqualifies the node, permanently.</summary>
    public decimal DisqualificationThreshold { get; init; } = 0.96m;

    public Rejection? Validate()
    {
        if (Lambda <= 0 || Lambda > 1) return new("bad-option", $"lambda must be in (0, 1], got {Lambda}");
        if (Weight <= 0) return new("bad-option", $"the outcome weight must be positive, got {Weight}");
        if (Alpha0 < 0 || Beta0 < 0 || Alpha0 + Beta0 <= 0) return new("bad-option", "alpha0 and beta0 must not be negative and must not both be zero");
        if (DisqualificationThreshold < 0 || DisqualificationThreshold > 1)
            return new("bad-option", $"the disqualification threshold must be in [0, 1], got {DisqualificationThreshold}");
        return null;
    }
}
