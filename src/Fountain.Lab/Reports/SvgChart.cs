using System.Globalization;
using System.Net;
using System.Text;
using Fountain.Lab.Engine;

namespace Fountain.Lab.Reports;

/// <summary>
/// A <see cref="ChartModel"/> as an inline SVG: for each line the min–max band across runs and the mean, axes with a
/// few round ticks and their labels with units. Several lines share the axes, each in its own colour
/// (<see cref="Colour"/>, the legend's too).
/// </summary>
internal static class SvgChart
{
    public const int MaxPoints = ChartModel.MaxPoints;
    private const double Left = 62, Right = 12, Top = 12, Bottom = 30;

    /// <summary>Tableau's ten colours: distinct for the usual handful of subsets, and the first is the report's single-line blue.</summary>
    private static readonly string[] Palette = ["#1f4e8c", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

    public static string Colour(int line) => Palette[line % Palette.Length];

    /// <summary>One metric of one subset, as the report has always drawn it.</summary>
    public static string Render(MetricSeries series, string title) =>
        Render(ChartModel.Build(title, series.Metric, "timestep", [(title, series)]));

    public static string Render(ChartModel chart, double width = 380, double height = 210)
    {
        var (xAxis, yAxis) = (chart.X, chart.Y);
        double X(double t) => Left + (t - xAxis.Min) / Math.Max(1e-12, xAxis.Max - xAxis.Min) * (width - Left - Right);
        double Y(double v) => Top + (1 - (v - yAxis.Min) / Math.Max(1e-12, yAxis.Max - yAxis.Min)) * (height - Top - Bottom);
        static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {F(width)} {F(height)}\" width=\"{F(width)}\" height=\"{F(height)}\" role=\"img\">");
        svg.Append($"<title>{WebUtility.HtmlEncode(chart.Title)}</title>");
        double tickStep = yAxis.Ticks.Count > 1 ? yAxis.Ticks[1] - yAxis.Ticks[0] : 1;
        foreach (double tick in yAxis.Ticks)
        {
            svg.Append($"<line x1=\"{F(Left)}\" x2=\"{F(width - Right)}\" y1=\"{F(Y(tick))}\" y2=\"{F(Y(tick))}\" class=\"grid\"/>");
            svg.Append($"<text x=\"{F(Left - 4)}\" y=\"{F(Y(tick) + 3)}\" class=\"ytick\">{WebUtility.HtmlEncode(TickLabel(tick, tickStep))}</text>");
        }
        foreach (double t in xAxis.Ticks)
            svg.Append($"<text x=\"{F(X(t))}\" y=\"{F(height - Bottom + 14)}\" class=\"xtick\">{NumberFormat.Short(t)}</text>");
        svg.Append($"<text x=\"{F((Left + width - Right) / 2)}\" y=\"{F(height - 3)}\" class=\"xlabel\">{WebUtility.HtmlEncode(xAxis.Label)}</text>");
        double middle = (Top + height - Bottom) / 2;
        svg.Append($"<text x=\"10\" y=\"{F(middle)}\" transform=\"rotate(-90 10 {F(middle)})\" class=\"ylabel\">{WebUtility.HtmlEncode(yAxis.Label)}</text>");
        svg.Append($"<rect x=\"{F(Left)}\" y=\"{F(Top)}\" width=\"{F(width - Left - Right)}\" height=\"{F(height - Top - Bottom)}\" class=\"frame\"/>");

        for (int i = 0; i < chart.Lines.Count; i++)
        {
            var line = chart.Lines[i];
            string colour = Colour(i);
            var band = new StringBuilder();
            for (int b = 0; b < line.X.Length; b++) if (double.IsFinite(line.High[b])) band.Append(F(X(line.X[b]))).Append(',').Append(F(Y(line.High[b]))).Append(' ');
            for (int b = line.X.Length - 1; b >= 0; b--) if (double.IsFinite(line.Low[b])) band.Append(F(X(line.X[b]))).Append(',').Append(F(Y(line.Low[b]))).Append(' ');
            svg.Append($"<polygon points=\"{band.ToString().TrimEnd()}\" class=\"band\" style=\"fill:{colour}\"/>");
            var mean = new StringBuilder();
            for (int b = 0; b < line.X.Length; b++) if (double.IsFinite(line.Mean[b])) mean.Append(F(X(line.X[b]))).Append(',').Append(F(Y(line.Mean[b]))).Append(' ');
            svg.Append($"<polyline points=\"{mean.ToString().TrimEnd()}\" class=\"mean\" style=\"stroke:{colour}\"><title>{WebUtility.HtmlEncode(line.Name)}</title></polyline>");
        }
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
