namespace Fountain.Economics.Perpetual;

/// <summary>
/// A perpetual fee with its parts: fee = size × replicas × yearly cost per byte ÷ −ln(1 − decline).
/// </summary>
/// <param name="SizeBytes">The archive's size.</param>
/// <param name="Replicas">Copies paid for.</param>
/// <param name="ReplicasDerived">True when replicas = redundancy × holders per block.</param>
/// <param name="YearlyCostTokensPerGigabyte">Today's cost of a gigabyte-year.</param>
/// <param name="YearlyCostDecline">The assumed yearly fall of that cost.</param>
/// <param name="FirstYearCostTokens">size × replicas × cost: what the first year costs, exact.</param>
/// <param name="PerpetuityYears">1 ÷ −ln(1 − decline): the endowment in years of today's cost (≈199.5 at 0.5%).</param>
/// <param name="Fee">First-year cost × perpetuity years, rounded up to a whole base unit.</param>
public sealed record PerpetualFeeQuote(
    long SizeBytes,
    int Replicas,
    bool ReplicasDerived,
    decimal YearlyCostTokensPerGigabyte,
    decimal YearlyCostDecline,
    decimal FirstYearCostTokens,
    decimal PerpetuityYears,
    Tokens Fee)
{
    /// <summary>The quote in sentences, for people.</summary>
    public IEnumerable<string> Explain()
    {
        yield return $"size: {SizeBytes} bytes";
        yield return ReplicasDerived
            ? $"replicas: {Replicas} (redundancy × holders per block)"
            : $"replicas: {Replicas} (configured)";
        yield return $"storage cost today: {YearlyCostTokensPerGigabyte} tokens per gigabyte-year";
        yield return $"first year: {SizeBytes} × {Replicas} × {YearlyCostTokensPerGigabyte} / 10^9 = {FirstYearCostTokens} tokens";
        yield return $"cost falls {(YearlyCostDecline * 100) / 1.000000000000000000000000000000000m}% a year, so storing forever costs ∫ (1 − d)^t dt = 1 / −ln(1 − d) = {decimal.Round(PerpetuityYears, 6)} years of today's cost";
        yield return $"fee: {FirstYearCostTokens} × {decimal.Round(PerpetuityYears, 6)} = {Fee} tokens (rounded up to 10^-8)";
    }
}
