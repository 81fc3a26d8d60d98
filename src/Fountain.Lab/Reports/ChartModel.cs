using Fountain.Lab.Engine;

namespace Fountain.Lab.Reports;

/// <summary>An axis: its label with the unit, its range, and the round values it is marked at.</summary>
public sealed record ChartAxis(string Label, double Min, double Max, IReadOnlyList<double> Ticks);

/// <summary>One line of a chart: a named subset's mean across runs, and its min–max band, at the points <see cref="X"/>.</summary>
public sealed record ChartLine(string Name, double[] X, double[] Mean, double[] Low, double[] High);

/// <summary>
/// What a chart shows, before any SVG: pure, so that its properties (subsets named by their parameters, axes with units,
/// no degenerate or impossible ranges) are tested on their own. One or several lines share the axes.
/// </summary>
public sealed record ChartModel(string Title, ChartAxis X, ChartAxis Y, IReadOnlyList<ChartLine> Lines)
{
    /// <summary>Long series are bucketed to at most this many points (the band keeps each bucket's extremes, the line its mean).</summary>
    public const int MaxPoints = 400;

    /// <param name="metric">The metric's name; its unit comes from <see cref="MetricUnit.Of"/>.</param>
    /// <param name="timestep">What a timestep is (a day, an epoch ...), for the time axis.</param>
    /// <param name="lines">Each subset's name and its series of this metric.</param>
    public static ChartModel Build(string title, string metric, string timestep, IReadOnlyList<(string Name, MetricSeries Series)> lines)
    {
        if (lines.Count == 0) throw new ArgumentException("A chart needs at least one line.", nameof(lines));
        var unit = MetricUnit.Of(metric);
        var bucketed = lines.Select(l => Bucket(l.Name, l.Series)).ToArray();
        int points = lines.Max(l => l.Series.Mean.Length);
        double xMax = Math.Max(1, points - 1);
        var xTicks = SvgChart.NiceTicks(0, xMax, 5).Where(t => t >= 0 && t <= xMax).ToArray();
        var x = new ChartAxis(timestep == "timestep" ? "timestep" : $"timestep ({timestep}s)", 0, xMax, xTicks);
        return new ChartModel(title, x, ValueAxis(metric, unit, bucketed), bucketed);
    }

    /// <summary>
    /// The value axis over every line's band: never below 0 for a quantity that cannot be negative, never above 1 for a
    /// fraction, and, for a flat series, from 0 to its value (0 to 1 when it is 0) rather than a span of ±1 around it.
    /// </summary>
    private static ChartAxis ValueAxis(string metric, MetricUnit unit, IReadOnlyList<ChartLine> lines)
    {
        var finite = lines.SelectMany(l => l.Low.Concat(l.High).Concat(l.Mean)).Where(double.IsFinite).ToArray();
        double min = finite.DefaultIfEmpty(0).Min(), max = finite.DefaultIfEmpty(0).Max();
        if (max - min < 1e-12 * Math.Max(1, Math.Abs(max)))
        {
            (min, max) = (Math.Min(0, min), Math.Max(0, max));
            if (max - min < 1e-12) (min, max) = unit.NonNegative ? (0, 1) : (-1, 1);
        }
        if (unit.NonNegative) min = Math.Max(0, min);
        if (unit.AtMostOne) max = Math.Min(1, Math.Max(max, min + 1e-9));
        var ticks = SvgChart.NiceTicks(min, max, 5)
            .Where(t => (!unit.NonNegative || t >= 0) && (!unit.AtMostOne || t <= 1 + 1e-9))
            .ToArray();
        if (ticks.Length == 0) ticks = [min, max];
        return new ChartAxis($"{metric} ({unit.Name})", Math.Min(min, ticks[0]), Math.Max(max, ticks[^1]), ticks);
    }

    private static ChartLine Bucket(string name, MetricSeries series)
    {
        int n = series.Mean.Length;
        int buckets = Math.Min(n, MaxPoints);
        var xs = new double[buckets];
        var mean = new double[buckets];
        var lo = new double[buckets];
        var hi = new double[buckets];
        for (int b = 0; b < buckets; b++)
        {
            int from = (int)((long)b * n / buckets), to = (int)((long)(b + 1) * n / buckets);
            double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            int finite = 0;
            for (int t = from; t < to; t++)
            {
                // A non-finite value (a model's division by zero) is left out rather than drawn: SVG cannot place NaN.
                if (!double.IsFinite(series.Mean[t])) continue;
                finite++;
                sum += series.Mean[t];
                if (double.IsFinite(series.Min[t])) min = Math.Min(min, series.Min[t]);
                if (double.IsFinite(series.Max[t])) max = Math.Max(max, series.Max[t]);
            }
            xs[b] = (from + to - 1) / 2.0;
            mean[b] = finite == 0 ? double.NaN : sum / finite;
            lo[b] = min;
            hi[b] = max;
        }
        return new ChartLine(name, xs, mean, lo, hi);
    }
}
