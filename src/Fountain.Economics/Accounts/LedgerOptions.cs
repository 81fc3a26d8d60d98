using Fountain.Economics.Perpetual;
using Fountain.Economics.Pricing;
using Fountain.Economics.Supply;

namespace Fountain.Economics.Accounts;

/// <summary>Everything the account ledger's rules depend on; defaults match hocon/reference.conf.</summary>
public sealed record LedgerOptions
{
    public static LedgerOptions Default { get; } = new();

    public ShiftPricingOptions Pricing { get; init; } = ShiftPricingOptions.Default;
    public FeeSchedule Fees { get; init; } = FeeSchedule.Default;
    public SupplyOracleOptions Supply { get; init; } = SupplyOracleOptions.Default;
    public PerpetualFeeOptions PerpetualFee { get; init; } = PerpetualFeeOptions.Default;

    /// <summary>
    /// The account every fee is credited to (the reward pool), so that fees move tokens rather than
    /// destroy them and conservation can be checked as an equality.
    /// </summary>
    public string FeeSinkAccount { get; init; } = "reward-pool";

    /// <summary>
    /// False (Shift's rule): an UNLOCK needs only the released bytes to be unpinned. True: it must also
    /// leave the remaining pins covered replication times over, the invariant PIN establishes.
    /// </summary>
    public bool UnlockKeepsPinCover { get; init; }

    public Rejection? Validate() =>
        Pricing.Validate() ?? Fees.Validate() ?? PerpetualFee.Validate()
        ?? (string.IsNullOrEmpty(FeeSinkAccount) ? new Rejection("bad-option", "the fee sink account must be named") : null);
}
