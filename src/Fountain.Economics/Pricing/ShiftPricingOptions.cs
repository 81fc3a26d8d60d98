namespace Fountain.Economics.Pricing;

/// <summary>
/// The parameters of Shift pricing; defaults match <c>fountain.economics.pricing</c> in hocon/reference.conf.
/// </summary>
public sealed record ShiftPricingOptions
{
    public static ShiftPricingOptions Default { get; } = new();

    /// <summary>The rules to price with.</summary>
    public PricingModel Model { get; init; } = PricingModel.ShiftShipped;

    /// <summary>
    /// C under shift-2018. The seed ("Constant C") says it "will be set to 1/3 or 0.3 (rounded)" because
    /// the IPFS replication factor is 3.
    /// </summary>
    public decimal Shift2018C { get; init; } = 0.3m;

    /// <summary>
    /// Copies of each pinned byte the storage network keeps. Under shift-shipped, C = round(10/replication)/10;
    /// PIN requires lockedBytes ≥ (pinned + bytes)·replication under both models (issue 5, item 3).
    /// </summary>
    public int Replication { get; init; } = 3;

    /// <summary>
    /// R = <see cref="ConversionTokens"/> per <see cref="ConversionBytes"/>. The seed ("conversion factor R"):
    /// "R will be set to 1 SHIFT per 1 Megabyte (1 MB equals 1,000,000 bytes)"; Shift shipped that value.
    /// </summary>
    public Tokens ConversionTokens { get; init; } = Tokens.FromWhole(1);

    /// <summary>The byte side of R (see <see cref="ConversionTokens"/>).</summary>
    public long ConversionBytes { get; init; } = 1_000_000;

    /// <summary>
    /// Fraction of the total storage held back under shift-shipped: Y = (1 − reserve)·Total − X, and
    /// Shift shipped a 10% reserve (Y = 0.9·Total − X).
    /// </summary>
    public decimal ShippedReserveFraction { get; init; } = 0.1m;

    /// <summary>The constant C the configured model uses.</summary>
    public decimal C => Model == PricingModel.Shift2018 ? Shift2018C : ShippedC(Replication);

    /// <summary>
    /// Shift's shipped constant: C = round(10/replication)/10, so 0.3 for replication 3. Rounding is half
    /// up, like the JavaScript <c>Math.round</c> it was written with (replication 4 gives round(2.5) = 3).
    /// </summary>
    public static decimal ShippedC(int replication) =>
        Math.Round(10m / replication, MidpointRounding.AwayFromZero) / 10m;

    /// <summary>Null if the options are usable, otherwise why not.</summary>
    public Rejection? Validate()
    {
        if (Shift2018C <= 0) return new("bad-option", $"pricing C must be positive, got {Shift2018C}");
        if (Replication < 1) return new("bad-option", $"replication must be at least 1, got {Replication}");
        if (ConversionTokens.Units <= 0) return new("bad-option", "conversion tokens (the token side of R) must be positive");
        if (ConversionBytes <= 0) return new("bad-option", "conversion bytes (the byte side of R) must be positive");
        if (ShippedReserveFraction < 0 || ShippedReserveFraction >= 1)
            return new("bad-option", $"shipped reserve fraction must be in [0, 1), got {ShippedReserveFraction}");
        if (ShippedC(Replication) <= 0)
            return new("bad-option", $"replication {Replication} makes the shipped C = round(10/replication)/10 zero");
        return null;
    }
}
