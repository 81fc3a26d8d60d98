namespace Fountain.Economics.Perpetual;

/// <summary>
/// Parameters of the perpetual registration fee; defaults match <c>fountain.economics.perpetual-fee</c>
/// in hocon/reference.conf.
/// </summary>
public sealed record PerpetualFeeOptions
{
    public static PerpetualFeeOptions Default { get; } = new();

    /// <summary>Bytes in the gigabyte the yearly cost is quoted per (decimal, as disks are sold).</summary>
    public const long BytesPerGigabyte = 1_000_000_000;

    /// <summary>
    /// Tokens it costs the network to keep one gigabyte for one year today. A network sets this from its
    /// operators' costs and the token's price; the default is a placeholder, not a measured figure.
    /// </summary>
    public decimal YearlyCostTokensPerGigabyte { get; init; } = 0.01m;

    /// <summary>
    /// The fraction by which that cost falls each year. Arweave's endowment assumes 0.5% (0.005), a
    /// deliberately pessimistic figure against the historical ~30%/year decline of disk prices.
    /// </summary>
    public decimal YearlyCostDecline { get; init; } = 0.005m;

    /// <summary>
    /// Copies of each byte paid for (fountain.economics.perpetual-fee.replicas): 36 is the seed's 12x redundancy × 3
    /// holders per block. 0 derives it as <see cref="Redundancy"/> × <see cref="HoldersPerBlock"/>, which only code sets.
    /// </summary>
    public int Replicas { get; init; } = 36;

    /// <summary>Block bytes per archive byte when <see cref="Replicas"/> is derived (the seed's ~12x).</summary>
    public int Redundancy { get; init; } = 12;

    /// <summary>Masternodes that hold each block when <see cref="Replicas"/> is derived.</summary>
    public int HoldersPerBlock { get; init; } = 3;

    /// <summary>The replicas used: <see cref="Replicas"/> if set, else redundancy × holders per block.</summary>
    public int EffectiveReplicas => Replicas > 0 ? Replicas : checked(Redundancy * HoldersPerBlock);

    /// <summary>Null if usable, otherwise why not.</summary>
    public Rejection? Validate()
    {
        if (YearlyCostTokensPerGigabyte <= 0) return new("bad-option", $"yearly cost per gigabyte must be positive, got {YearlyCostTokensPerGigabyte}");
        // The endowment is finite only if the cost declines; the series below needs d well below 1.
        if (YearlyCostDecline <= 0 || YearlyCostDecline > 0.99m)
            return new("bad-option", $"yearly cost decline must be in (0, 0.99], got {YearlyCostDecline}");
        if (Replicas < 0) return new("bad-option", $"replicas must not be negative, got {Replicas}");
        if (Replicas == 0 && (Redundancy < 1 || HoldersPerBlock < 1))
            return new("bad-option", "redundancy and holders per block must be at least 1 when replicas is derived");
        return null;
    }
}
