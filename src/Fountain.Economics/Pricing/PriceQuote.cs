namespace Fountain.Economics.Pricing;

/// <summary>
/// A price, with every figure that went into it so a user (or a witness) can redo the arithmetic.
/// </summary>
/// <param name="Model">The rules applied.</param>
/// <param name="Bytes">Z: bytes of storage claimed.</param>
/// <param name="Tokens">P: tokens to lock for them.</param>
/// <param name="ClaimedBytes">X: bytes already claimed on the network (the sum of all locked bytes).</param>
/// <param name="SupplyFigureBytes">The supply figure given: free bytes (shift-2018) or total bytes (shift-shipped).</param>
/// <param name="SupplyBytes">Y: the supply the formula divides by.</param>
/// <param name="C">The constant C.</param>
/// <param name="RatioTakenAsOne">True when shift-shipped replaced X/Y by 1 because X = 0.</param>
/// <param name="ConversionTokens">The token side of R.</param>
/// <param name="ConversionBytes">The byte side of R.</param>
public sealed record PriceQuote(
    PricingModel Model,
    long Bytes,
    Tokens Tokens,
    long ClaimedBytes,
    long SupplyFigureBytes,
    long SupplyBytes,
    decimal C,
    bool RatioTakenAsOne,
    Tokens ConversionTokens,
    long ConversionBytes);
