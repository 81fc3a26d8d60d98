namespace Fountain.Lab.Models.Durability;

/// <summary>
/// The probability that an artwork is lost when nothing heals it, in closed form, to validate the simulation.
/// A node survives T days with probability s = (1 − p)^T (p the daily exit probability), and a black swan
/// removing a fraction f multiplies that by (1 − f). A block survives if one of its r holders does:
/// q = 1 − (1 − s)^r. With n blocks of which k are needed, the artwork is lost when fewer than k survive:
/// P(loss) = P(Binomial(n, q) &lt; k). When blocks die rarely, the number of dead blocks is nearly
/// Poisson(n(1 − q)), the approximation <see cref="PoissonLossProbability"/> gives. Both treat blocks as
/// independent, which holds when an artwork's n·r copies land on distinct nodes (nearly so when n·r² ≪ nodes).
/// </summary>
public static class DurabilityClosedForm
{
    public static double BlockSurvival(double dailyExit, int days, int holders, double blackSwanFraction = 0)
    {
        double nodeSurvives = Math.Pow(1 - dailyExit, days) * (1 - blackSwanFraction);
        return 1 - Math.Pow(1 - nodeSurvives, holders);
    }

    /// <summary>P(Binomial(n, q) &lt; k), summed exactly in log space.</summary>
    public static double BinomialLossProbability(int blocks, int needed, double blockSurvival)
    {
        double total = 0;
        for (int alive = 0; alive < needed && alive <= blocks; alive++) total += BinomialPmf(blocks, alive, blockSurvival);
        return Math.Min(1, total);
    }

    /// <summary>P(Poisson(n(1 − q)) &gt; n − k): more blocks dead than the code can spare.</summary>
    public static double PoissonLossProbability(int blocks, int needed, double blockSurvival)
    {
        double mean = blocks * (1 - blockSurvival);
        int spare = blocks - needed;
        if (mean == 0) return spare < 0 ? 1 : 0;
        // Sum the upper tail directly (1 − CDF would cancel to nothing when the loss is rare).
        double total = 0;
        for (int d = Math.Max(0, spare + 1); d < spare + 1 + 1000; d++)
        {
            double term = Math.Exp(d * Math.Log(mean) - mean - LogFactorial(d));
            total += term;
            if (d > mean && term < total * 1e-17) break;
        }
        return Math.Min(1, total);
    }

    private static double BinomialPmf(int n, int k, double p)
    {
        if (p <= 0) return k == 0 ? 1 : 0;
        if (p >= 1) return k == n ? 1 : 0;
        double logChoose = LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);
        return Math.Exp(logChoose + k * Math.Log(p) + (n - k) * Math.Log(1 - p));
    }

    private static double LogFactorial(int n)
    {
        double sum = 0;
        for (int i = 2; i <= n; i++) sum += Math.Log(i);
        return sum;
    }
}
