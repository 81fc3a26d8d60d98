namespace Fountain.Economics.Pricing;

/// <summary>Which Shift pricing rules a quote or a LOCK follows (issue 5, item 2).</summary>
public enum PricingModel
{
    /// <summary>
    /// The formula of Shift's development update of 3 Oct 2018 (seed shift-pricing.txt, "Shift's Locking
    /// Mechanism"): P = C·(X/Y)·Z·R with Y the free bytes and C, R configured.
    /// </summary>
    Shift2018,

    /// <summary>
    /// What Shift's code shipped (issue 5, item 2): C = round(10/replication)/10, Y = 0.9·Total − X,
    /// X/Y taken as 1 when X = 0, R = 1 token per 10^6 bytes, Z rounded down.
    /// </summary>
    ShiftShipped,
}

/// <summary>The configuration and command-line names of the pricing models.</summary>
public static class PricingModelNames
{
    public const string Shift2018 = "shift-2018";
    public const string ShiftShipped = "shift-shipped";

    public static string Name(this PricingModel model) => model switch
    {
        PricingModel.Shift2018 => Shift2018,
        PricingModel.ShiftShipped => ShiftShipped,
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, null),
    };

    public static bool TryParse(string? name, out PricingModel model)
    {
        switch (name)
        {
            case Shift2018: model = PricingModel.Shift2018; return true;
            case ShiftShipped: model = PricingModel.ShiftShipped; return true;
            default: model = default; return false;
        }
    }
}
