using System.Net;
using System.Text;
using Fountain.Lab.Engine;
using Fountain.Lab.Scenarios;

namespace Fountain.Lab.Reports;

/// <summary>
/// The self-contained report of a scenario run: one HTML file with inline CSS and SVG, no script and no external
/// resource, so that it opens anywhere, offline, and is the same bytes for the same seed.
/// </summary>
public static class HtmlReport
{
    private const string Style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1240px;color:#1d2433;padding:0 16px}
        h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid #d8dde6;padding-bottom:4px}
        h3{font-size:15px;margin:18px 0 6px}p.meta{color:#556070;margin:2px 0}
        table{border-collapse:collapse;margin:6px 0 14px;font-size:13px}th,td{border:1px solid #d8dde6;padding:3px 8px;text-align:left}
        th{background:#f3f5f9}td.num{text-align:right;font-variant-numeric:tabular-nums}tr.swept td{background:#fff7e0}
        .charts{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0;border:1px solid #e3e7ee;border-radius:6px;padding:6px 6px 2px;background:#fff}
        figcaption{font-size:12.5px;font-weight:600;margin:0 0 2px 4px}
        svg .grid{stroke:#e8ebf0;stroke-width:1}svg .frame{fill:none;stroke:#b9c0cc;stroke-width:1}
        svg .band{fill:#4c78a8;fill-opacity:.22;stroke:none}svg .mean{fill:none;stroke:#1f4e8c;stroke-width:1.6}
        svg text{font:10px system-ui,sans-serif;fill:#556070}svg .ytick{text-anchor:end}svg .xtick,svg .xlabel,svg .ylabel{text-anchor:middle}
        figure.compare .band{fill-opacity:.14}ul.lines{list-style:none;margin:2px 0 4px 4px;padding:0;font-size:12px;color:#1d2433}ul.lines .swatch{margin-left:0}
        .legend{font-size:12.5px;color:#556070}.swatch{display:inline-block;width:18px;height:9px;vertical-align:middle;margin:0 4px 0 10px}
        """;

    public static string Render(Scenario scenario, ExperimentPlan plan, IReadOnlyList<SubsetStatistics> statistics)
    {
        var html = new StringBuilder();
        string E(string s) => WebUtility.HtmlEncode(s);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
        html.Append($"<title>Fountain lab: {E(scenario.Name)}</title><style>{Style}</style></head><body>\n");
        html.Append($"<h1>Fountain lab: {E(scenario.Name)}</h1>\n");
        if (scenario.Description.Length > 0) html.Append($"<p>{E(scenario.Description)}</p>\n");
        html.Append($"<p class=\"meta\">seed <b>{scenario.Seed}</b> · {scenario.Runs} Monte Carlo run(s) per subset · {scenario.Timesteps} timesteps · "
            + $"{scenario.Sweep.ToString().ToLowerInvariant()} sweep · {plan.Jobs.Count} runs in all · results.csv beside this file</p>\n");
        html.Append("<p class=\"legend\">Each chart: <span class=\"swatch\" style=\"background:#1f4e8c\"></span>mean across runs"
            + "<span class=\"swatch\" style=\"background:#4c78a8;opacity:.3\"></span>min–max across runs, at the last substep of each timestep.</p>\n");

        AppendComparisons(html, scenario, statistics);

        for (int sim = 0; sim < scenario.Simulations.Count; sim++)
        {
            var simulation = scenario.Simulations[sim];
            var swept = simulation.Parameters.SweptNames;
            var subsets = statistics.Where(s => s.Simulation == sim).ToArray();
            string timestep = MetricUnit.TimestepOf(simulation.Model.Name);
            html.Append($"<h2>Simulation {sim}: {E(simulation.Label)} <small>(model {E(simulation.Model.Name)})</small></h2>\n");
            html.Append($"<p class=\"meta\">{E(simulation.Model.Summary)}</p>\n");

            html.Append("<h3>Parameters</h3><table><tr><th>parameter</th>");
            foreach (var s in subsets) html.Append($"<th>{E(SubsetNames.Of(s, swept, withSimulation: false))}</th>");
            html.Append("</tr>\n");
            foreach (var name in simulation.Parameters.Values.Keys)
            {
                html.Append(swept.Contains(name) ? "<tr class=\"swept\">" : "<tr>").Append($"<td>{E(name)}</td>");
                foreach (var s in subsets) html.Append($"<td class=\"num\">{E(ParameterSet.Format(s.Parameters[name]))}</td>");
                html.Append("</tr>\n");
            }
            html.Append("</table>\n");

            html.Append("<h3>Final values</h3><table><tr><th>metric</th>");
            foreach (var s in subsets) html.Append($"<th>{E(SubsetNames.Of(s, swept, withSimulation: false))}: mean [min – max]</th>");
            html.Append("</tr>\n");
            foreach (var metric in subsets.FirstOrDefault()?.Series.Select(x => x.Metric) ?? [])
            {
                html.Append($"<tr><td>{E(metric)}</td>");
                foreach (var s in subsets)
                {
                    var series = s.Series.First(x => x.Metric == metric);
                    html.Append($"<td class=\"num\">{E(NumberFormat.Short(series.Mean[^1]))} [{E(NumberFormat.Short(series.Min[^1]))} – {E(NumberFormat.Short(series.Max[^1]))}]</td>");
                }
                html.Append("</tr>\n");
            }
            html.Append("</table>\n");

            foreach (var s in subsets)
            {
                string name = SubsetNames.Of(s, swept, withSimulation: true);
                html.Append($"<h3>{E(name)} · {s.Runs} run(s)</h3><div class=\"charts\">\n");
                foreach (var series in s.Series)
                {
                    var chart = ChartModel.Build($"{series.Metric} ({name})", series.Metric, timestep, [(name, series)]);
                    html.Append($"<figure><figcaption>{E(series.Metric)}</figcaption>{SvgChart.Render(chart)}</figure>\n");
                }
                html.Append("</div>\n");
            }
        }
        html.Append("</body></html>\n");
        return html.ToString();
    }

    /// <summary>
    /// One chart per metric with every subset of every simulation of the same model on the same axes (redundancy 3, 6
    /// and 12; self-healing against none), each line named by its simulation and swept parameters, with its legend.
    /// </summary>
    private static void AppendComparisons(StringBuilder html, Scenario scenario, IReadOnlyList<SubsetStatistics> statistics)
    {
        string E(string s) => WebUtility.HtmlEncode(s);
        foreach (var model in scenario.Simulations.Select(s => s.Model.Name).Distinct())
        {
            var simulations = Enumerable.Range(0, scenario.Simulations.Count).Where(i => scenario.Simulations[i].Model.Name == model).ToArray();
            var subsets = statistics.Where(s => simulations.Contains(s.Simulation)).ToArray();
            if (subsets.Length < 2) continue;
            bool named = simulations.Length > 1;
            var lines = subsets.Select(s => (Name: SubsetNames.Of(s, scenario.Simulations[s.Simulation].Parameters.SweptNames, named), Subset: s)).ToArray();
            html.Append($"<h2>Compared: every subset of model {E(model)} on the same axes</h2>\n");
            html.Append("<p class=\"meta\">Each line is one subset's mean across runs, its band the min–max across runs.</p><div class=\"charts\">\n");
            foreach (var metric in subsets[0].Series.Select(x => x.Metric))
            {
                var chart = ChartModel.Build($"{metric}: {string.Join(" / ", lines.Select(l => l.Name))}", metric, MetricUnit.TimestepOf(model),
                    lines.Select(l => (l.Name, l.Subset.Series.First(x => x.Metric == metric))).ToArray());
                html.Append($"<figure class=\"compare\"><figcaption>{E(metric)}</figcaption>{SvgChart.Render(chart, 560, 280)}<ul class=\"lines\">");
                for (int i = 0; i < lines.Length; i++)
                    html.Append($"<li><span class=\"swatch\" style=\"background:{SvgChart.Colour(i)}\"></span>{E(lines[i].Name)}</li>");
                html.Append("</ul></figure>\n");
            }
            html.Append("</div>\n");
        }
    }
}
