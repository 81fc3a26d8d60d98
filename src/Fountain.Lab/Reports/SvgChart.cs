using System.Globalization;
using System.Net;
using System.Text;
using Fountain.Lab.Engine;

namespace Fountain.Lab.Reports;

/// <summary>
/// One metric of one subset as an inline SVG: the min–max band across runs, the mean as a line, axes with a few
/// round ticks. Long series are bucketed to at most <see cref="MaxPoints"/> points (the band keeps each bucket's
/// extremes, the line its mean), so that a chart stays small whatever the number of timesteps.
/// </summary>
internal static class SvgChart
{
    public const int MaxPoints = 400;
    private const double Width = 380, Height = 210, Left = 52, Right = 12, Top = 12, Bottom = 30;

    public static string Render(MetricSeries series, string title)
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
        double yMin = lo.Where(double.IsFinite).DefaultIfEmpty(0).Min(), yMax = hi.Where(double.IsFinite).DefaultIfEmpty(0).Max();
        if (yMax - yMin < 1e-12 * Math.Max(1, Math.Abs(yMax))) { yMin -= 1; yMax += 1; }
        var ticks = NiceTicks(yMin, yMax, 5);
        yMin = Math.Min(yMin, ticks[0]);
        yMax = Math.Max(yMax, ticks[^1]);
        double xMax = Math.Max(1, n - 1);
        double X(double t) => Left + t / xMax * (Width - Left - Right);
        double Y(double v) => Top + (1 - (v - yMin) / (yMax - yMin)) * (Height - Top - Bottom);
        static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {F(Width)} {F(Height)}\" width=\"{F(Width)}\" height=\"{F(Height)}\" role=\"img\">");
        svg.Append($"<title>{WebUtility.HtmlEncode(title)}</title>");
        double tickStep = ticks.Length > 1 ? ticks[1] - ticks[0] : 1;
        foreach (double tick in ticks)
        {
            svg.Append($"<line x1=\"{F(Left)}\" x2=\"{F(Width - Right)}\" y1=\"{F(Y(tick))}\" y2=\"{F(Y(tick))}\" class=\"grid\"/>");
            svg.Append($"<text x=\"{F(Left - 4)}\" y=\"{F(Y(tick) + 3)}\" class=\"ytick\">{WebUtility.HtmlEncode(TickLabel(tick, tickStep))}</text>");
        }
        foreach (double t in NiceTicks(0, xMax, 5).Where(t => t >= 0 && t <= xMax))
            svg.Append($"<text x=\"{F(X(t))}\" y=\"{F(Height - Bottom + 14)}\" class=\"xtick\">{NumberFormat.Short(t)}</text>");
        svg.Append($"<text x=\"{F((Left + Width - Right) / 2)}\" y=\"{F(Height - 3)}\" class=\"xlabel\">timestep</text>");
        svg.Append($"<rect x=\"{F(Left)}\" y=\"{F(Top)}\" width=\"{F(Width - Left - Right)}\" height=\"{F(Height - Top - Bottom)}\" class=\"frame\"/>");

        var band = new StringBuilder();
        for (int b = 0; b < buckets; b++) if (double.IsFinite(hi[b])) band.Append(F(X(xs[b]))).Append(',').Append(F(Y(hi[b]))).Append(' ');
        for (int b = buckets - 1; b >= 0; b--) if (double.IsFinite(lo[b])) band.Append(F(X(xs[b]))).Append(',').Append(F(Y(lo[b]))).Append(' ');
        svg.Append($"<polygon points=\"{band.ToString().TrimEnd()}\" class=\"band\"/>");
        var line = new StringBuilder();
        for (int b = 0; b < buckets; b++) if (double.IsFinite(mean[b])) line.Append(F(X(xs[b]))).Append(',').Append(F(Y(mean[b]))).Append(' ');
        svg.Append($"<polyline points=\"{line.ToString().TrimEnd()}\" class=\"mean\"/>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>A tick's label: short, but with the decimals its step needs (ticks 0.5 apart around 1,000 must not all read "1000").</summary>
    internal static string TickLabel(double value, double step)
    {
        if (step >= 1 || value == 0) return NumberFormat.Short(value);
        int decimals = Math.Clamp((int)Math.Ceiling(-Math.Log10(step) - 1e-9), 0, 12);
        return Math.Abs(value) >= 1e4 || Math.Abs(value) < 1e-3
            ? NumberFormat.Short(value)
            : value.ToString("F" + decimals, CultureInfo.InvariantCulture);
    }

    /// <summary>Round tick values covering [min, max] (Heckbert's "nice numbers", Graphics Gems 1990).</summary>
    internal static double[] NiceTicks(double min, double max, int count)
    {
        double range = Nice(max - min, false);
        double step = Nice(range / Math.Max(1, count - 1), true);
        double start = Math.Floor(min / step) * step, end = Math.Ceiling(max / step) * step;
        var ticks = new List<double>();
        for (double v = start; v <= end + step / 2 && ticks.Count < 50; v += step) ticks.Add(Math.Abs(v) < step * 1e-9 ? 0 : v);
        return ticks.ToArray();
    }

    private static double Nice(double x, bool round)
    {
        if (x <= 0 || !double.IsFinite(x)) return 1;
        double exp = Math.Floor(Math.Log10(x)), f = x / Math.Pow(10, exp);
        double nf = round ? (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) : (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10);
        return nf * Math.Pow(10, exp);
    }
}
