using Fountain.Lab.Engine;

namespace Fountain.Lab.Reports;

/// <summary>One line of the summary: a metric's value at the last timestep, mean and range across runs.</summary>
public sealed record SummaryRow(string Simulation, int Subset, string SweptValues, string Metric, double Mean, double Min, double Max);

/// <summary>The printed and reported summary: every metric's final value for every subset.</summary>
public static class ReportSummary
{
    public static IReadOnlyList<SummaryRow> Rows(IReadOnlyList<SubsetStatistics> subsets, IReadOnlyList<string> sweptNames) =>
        subsets.SelectMany(s => s.Series.Select(series => new SummaryRow(
            s.Label, s.Subset, Swept(s.Parameters, sweptNames), series.Metric, series.Mean[^1], series.Min[^1], series.Max[^1]))).ToArray();

    public static string Swept(ParameterSet parameters, IReadOnlyList<string> sweptNames) =>
        string.Join(", ", sweptNames.Where(parameters.Contains).Select(n => $"{n}={ParameterSet.Format(parameters[n])}"));
}
