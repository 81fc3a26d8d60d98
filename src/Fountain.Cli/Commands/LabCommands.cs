using Fountain.Cli.Configuration;
using Fountain.Cli.Terminal;
using System.CommandLine;
using System.Globalization;
using System.Text;
using Fountain.Lab.Models;
using Fountain.Lab.Reports;
using Fountain.Lab.Scenarios;
using Spectre.Console;

namespace Fountain.Cli.Commands;

/// <summary>lab run, lab list, lab bench: the simulation lab's commands.</summary>
internal static class LabCommands
{
    public static IEnumerable<Command> Create()
    {
        var lab = new Command("lab", "The simulation lab: cadCAD-style Monte Carlo experiments on Fountain's economics and durability (scenarios in cluster-lab/).");
        lab.Subcommands.Add(RunCommand());
        lab.Subcommands.Add(ListCommand());
        lab.Subcommands.Add(BenchCommand());
        yield return lab;
    }

    private static Command RunCommand()
    {
        var scenario = new Argument<FileInfo>("scenario") { Description = "The scenario file (HOCON), e.g. cluster-lab/durability.conf." };
        var runs = new Option<int?>("--runs") { Description = "Monte Carlo runs per subset (overrides the scenario's 'runs')." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Directory for results.csv and report.html (default: lab-results/<scenario name>)." };
        var sets = new Option<string[]>("--set") { Description = "Override a scenario key, e.g. --set parameters.nodes=2000 or --set \"parameters.redundancy=[4,8,12]\". Repeatable.", AllowMultipleArgumentsPerToken = false };
        var command = new Command("run", "Run a scenario: results.csv, report.html and a summary table.") { scenario, runs, output, sets };
        command.SetAction(parse =>
        {
            try
            {
                var loaded = LoadScenario(parse.GetValue(scenario)!, parse.GetValue(sets) ?? [], parse.GetValue(runs));
                string dir = parse.GetValue(output)?.FullName ?? Path.Combine("lab-results", loaded.Name);
                // Progress on standard error (live on a terminal, plain lines in a log); the summary is the result, on standard output.
                var result = Ui.WithProgress(board =>
                {
                    var bar = board.Add($"{loaded.Name}: runs", 0, v => $"{v:0}");
                    var finished = ScenarioRun.Execute(loaded, dir, (done, total) => bar.Update(done, total));
                    bar.Complete();
                    return Task.FromResult(finished);
                });
                PrintSummary(loaded, result);
                Ui.Step($"[green]wrote[/] {Markup.Escape(result.CsvPath)} and {Markup.Escape(result.ReportPath)} (seed {loaded.Seed}, {result.Runs} runs)");
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or IOException or InvalidOperationException or KeyNotFoundException or InvalidCastException)
            {
                Console.Error.WriteLine($"lab run: {e.Message}");
                return CliAction.Failure;
            }
        });
        return command;
    }

    private static Command ListCommand()
    {
        var directory = new Option<DirectoryInfo?>("--dir") { Description = "Where the scenarios are (default: the nearest cluster-lab/ from the current directory up)." };
        var command = new Command("list", "List the scenarios and the models they can use.") { directory };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(directory)?.FullName ?? FindScenarioDirectory();
            if (dir is null || !Directory.Exists(dir))
            {
                Console.Error.WriteLine("lab list: no cluster-lab/ directory here or above; give one with --dir.");
                return CliAction.Failure;
            }
            var table = new Table().AddColumns("scenario", "models", "runs × timesteps", "description");
            foreach (var file in Directory.GetFiles(dir, "*.conf").Order(StringComparer.Ordinal))
            {
                try
                {
                    var s = LoadScenario(new FileInfo(file), [], null);
                    table.AddRow(Markup.Escape(Path.GetFileName(file)), Markup.Escape(string.Join(", ", s.Simulations.Select(x => x.Model.Name).Distinct())),
                        $"{s.Runs} × {s.Timesteps}", Markup.Escape(s.Description));
                }
                catch (Exception e) when (e is ArgumentException or FormatException or IOException or InvalidOperationException)
                {
                    table.AddRow(Markup.Escape(Path.GetFileName(file)), "[red]invalid[/]", "", Markup.Escape(e.Message));
                }
            }
            Ui.Out.Write(table);
            var models = new Table().AddColumns("model", "studies");
            foreach (var m in ModelCatalog.All) models.AddRow(m.Name, Markup.Escape(m.Summary));
            Ui.Out.Write(models);
            return 0;
        });
        return command;
    }

    private static Command BenchCommand()
    {
        var nodes = new Option<int>("--nodes") { Description = "Nodes in the benchmark model.", DefaultValueFactory = _ => 1000 };
        var timesteps = new Option<int>("--timesteps") { Description = "Timesteps per run.", DefaultValueFactory = _ => 1000 };
        var runs = new Option<int>("--runs") { Description = "Monte Carlo runs.", DefaultValueFactory = _ => 10 };
        var seed = new Option<long>("--seed") { Description = "Seed.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: every core)." };
        var output = new Option<FileInfo?>("--out") { Description = "Write the benchmark's CSV here (default: formatted, then discarded)." };
        var command = new Command("bench", "Time the benchmark model (the challenge model) and print timesteps per second as JSON.") { nodes, timesteps, runs, seed, threads, output };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(output);
            using TextWriter csv = file is null ? TextWriter.Null : new StreamWriter(file.FullName, false, new UTF8Encoding(false)) { NewLine = "\n" };
            var r = LabBenchmark.Run(parse.GetValue(nodes), parse.GetValue(timesteps), parse.GetValue(runs), parse.GetValue(seed), csv, parse.GetValue(threads));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"implementation\": \"csharp\", \"nodes\": {r.Nodes}, \"timesteps\": {r.Timesteps}, \"runs\": {r.Runs}, \"threads\": {r.Threads}, \"seconds\": {r.Seconds:0.###}, \"cpu_seconds\": {r.CpuSeconds:0.###}, \"timesteps_per_second\": {r.TimestepsPerSecond:0.0}, \"timesteps_per_cpu_second\": {r.TimestepsPerCpuSecond:0.0}}}"));
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The scenario file over the defaults, as any configuration file is read (FOUNTAIN__LAB__SCENARIO__RUNS works too),
    /// then the --set overrides, which are relative to fountain.lab.scenario and may name a simulation (simulations.1...).
    /// </summary>
    internal static Scenario LoadScenario(FileInfo file, IEnumerable<string> sets, int? runs)
    {
        if (!file.Exists) throw new FileNotFoundException($"No scenario file {file.FullName}.");
        var loaded = FountainConfig.Load(file.FullName);
        return loaded.Read(config => ScenarioLoader.Load(config, sets, runs));
    }

    private static string? FindScenarioDirectory()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "cluster-lab"))) return Path.Combine(dir.FullName, "cluster-lab");
        return null;
    }

    /// <summary>One small table per simulation and subset: every metric's value at the last timestep, mean and range across runs.</summary>
    private static void PrintSummary(Scenario scenario, ScenarioRunResult result)
    {
        Ui.Out.MarkupLine($"[bold]{Markup.Escape(scenario.Name)}[/]: values at timestep {scenario.Timesteps}, across {scenario.Runs} run(s) per subset");
        foreach (var group in result.Summary.GroupBy(r => (r.Simulation, r.Subset, r.SweptValues)))
        {
            // A subset is named by what sets it apart (its swept values), as in the report, not by its position.
            string swept = group.Key.SweptValues.Length > 0 ? $" · {group.Key.SweptValues}" : "";
            var table = new Table { Title = new TableTitle(Markup.Escape($"{group.Key.Simulation}{swept}")) }
                .AddColumns("metric", "mean", "min", "max");
            foreach (var row in group)
                table.AddRow(Markup.Escape(row.Metric), NumberFormat.Short(row.Mean), NumberFormat.Short(row.Min), NumberFormat.Short(row.Max));
            Ui.Out.Write(table);
        }
    }
}
