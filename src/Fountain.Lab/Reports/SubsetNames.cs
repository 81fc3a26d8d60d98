using Fountain.Lab.Engine;

namespace Fountain.Lab.Reports;

/// <summary>
/// A subset's name in a report: its simulation's label and the values of the swept parameters that make it differ
/// ("no healing · redundancy = 12"), not its position ("subset 2"), which says nothing on a chart's legend.
/// </summary>
public static class SubsetNames
{
    /// <param name="withSimulation">Prefix the simulation's label (when subsets of several simulations share a chart).</param>
    public static string Of(SubsetStatistics subset, IReadOnlyList<string> sweptNames, bool withSimulation)
    {
        var swept = sweptNames.Where(subset.Parameters.Contains).Select(n => $"{n} = {ParameterSet.Format(subset.Parameters[n])}").ToArray();
        var parts = withSimulation ? new[] { subset.Label }.Concat(swept) : swept;
        string name = string.Join(" · ", parts);
        return name.Length > 0 ? name : subset.Label;
    }
}
