namespace Fountain.Economics.Supply;

/// <summary>
/// How the trimmed-mean oracle drops outliers before averaging. The seed (shift-pricing.txt, "Calculating
/// Y", step 6) names both: "outliers excluded based on an interquartile range or their values having
/// fallen outside of a permitted, standard deviation".
/// </summary>
public abstract record OutlierRule
{
    private OutlierRule() { }

    /// <summary>
    /// Tukey's fences: keep samples within [Q1 − k·IQR, Q3 + k·IQR] (k = 1.5 is Tukey's choice).
    /// Quartiles are linearly interpolated between order statistics (Hyndman–Fan type 7, the default of
    /// numpy and R), at positions (n − 1)/4 and 3(n − 1)/4.
    /// </summary>
    public sealed record InterquartileRange(decimal K) : OutlierRule;

    /// <summary>Keep samples within k population standard deviations of the mean.</summary>
    public sealed record StandardDeviations(decimal K) : OutlierRule;

    public static OutlierRule Tukey { get; } = new InterquartileRange(1.5m);
}
