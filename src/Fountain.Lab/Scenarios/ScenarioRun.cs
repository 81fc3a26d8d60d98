using System.Text;
using Fountain.Lab.Engine;
using Fountain.Lab.Reports;

namespace Fountain.Lab.Scenarios;

/// <summary>What a scenario run wrote and found.</summary>
public sealed record ScenarioRunResult(string CsvPath, string ReportPath, IReadOnlyList<SubsetStatistics> Statistics, IReadOnlyList<SummaryRow> Summary, int Runs);

/// <summary>
/// Runs a scenario into a directory: results.csv streamed as runs finish, then report.html. This is the lab's
/// I/O edge; everything it calls is pure.
/// </summary>
public static class ScenarioRun
{
    public static ScenarioRunResult Execute(Scenario scenario, string outputDirectory, Action<int, int>? progress = null, int? maxDegreeOfParallelism = null, CancellationToken cancellation = default)
    {
        Directory.CreateDirectory(outputDirectory);
        var experiment = scenario.ToExperiment(maxDegreeOfParallelism);
        var plan = new ExperimentPlan(experiment); // validates before any file is touched
        string csvPath = Path.Combine(outputDirectory, "results.csv"), reportPath = Path.Combine(outputDirectory, "report.html");
        string csvTemp = csvPath + ".partial";
        var statistics = new RunStatistics();
        int done = 0;
        try
        {
            using var csv = CsvResultSink.ToFile(csvTemp);
            ExperimentRunner.Run(experiment, [csv, statistics], _ => progress?.Invoke(++done, plan.Jobs.Count), cancellation);
        }
        catch
        {
            File.Delete(csvTemp); // no partial results.csv survives a failed run
            throw;
        }
        File.Move(csvTemp, csvPath, overwrite: true);
        File.WriteAllText(reportPath, HtmlReport.Render(scenario, plan, statistics.Subsets), new UTF8Encoding(false));
        var swept = scenario.Simulations.SelectMany(s => s.Parameters.SweptNames).Distinct().ToArray();
        return new ScenarioRunResult(csvPath, reportPath, statistics.Subsets, ReportSummary.Rows(statistics.Subsets, swept), plan.Jobs.Count);
    }
}
