namespace Fountain.Economics.Accounts;

/// <summary>
/// Transaction fees in tokens; defaults match <c>fountain.economics.fees</c> in hocon/reference.conf.
/// LOCK 1, UNLOCK 1, PIN 0.01 and UNPIN 0 are what Shift shipped (issue 5, item 3).
/// </summary>
public sealed record FeeSchedule
{
    public static FeeSchedule Default { get; } = new();

    public Tokens Lock { get; init; } = Tokens.FromWhole(1);
    public Tokens Unlock { get; init; } = Tokens.FromWhole(1);
    public Tokens Pin { get; init; } = Tokens.FromDecimal(0.01m);
    public Tokens Unpin { get; init; } = Tokens.Zero;

    /// <summary>Fountain's own default for a plain transfer; the seeds do not name one.</summary>
    public Tokens Transfer { get; init; } = Tokens.FromDecimal(0.01m);

    public Rejection? Validate()
    {
        foreach (var (name, fee) in new[] { ("lock", Lock), ("unlock", Unlock), ("pin", Pin), ("unpin", Unpin), ("transfer", Transfer) })
            if (fee.IsNegative) return new("bad-option", $"the {name} fee must not be negative, got {fee}");
        return null;
    }
}
