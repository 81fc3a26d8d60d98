using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Fountain.Cli.Fuzzing;
using Fountain.Cli.Terminal;
using Fountain.Codec.Fuzzing;
using Spectre.Console;

namespace Fountain.Cli.Commands;

/// <summary>
/// fountain fuzz: runs a parser on mutated valid inputs, deterministically (input i is a function of the seed and i),
/// and prints how many inputs ran, were accepted and refused, and crashed. Exit code 1 when anything crashed.
/// </summary>
internal static class FuzzCommand
{
    public static readonly string[] Targets = ["blocks", "archive", "request"];

    public static Command Create()
    {
        var target = new Argument<string>("target") { Description = "blocks (v1 and pastel-v0 block parsers, inside a decode), archive (the extractor), or request (signed-request parsing and verification)." };
        target.AcceptOnlyFromAmong(Targets);
        var inputs = new Option<long>("--inputs") { Description = "How many inputs to run.", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the mutations; the same seed runs the same inputs.", DefaultValueFactory = _ => 1 };
        var workDir = new Option<string?>("--work-dir") { Description = "Where the archive target extracts (a RAM disk such as /dev/shm is much faster). Default: the temp folder." };
        var crashDir = new Option<string?>("--crash-dir") { Description = "Folder to save the inputs that crashed, as <target>-<seed>-<input>.bin. (The archive target's hostile seeds name its sandbox folder, so its inputs reproduce exactly only from these files.)" };
        var command = new Command("fuzz", "Fuzz a parser with mutated valid inputs (bit flips, truncation, splicing, length-field edits) and report inputs run, rejections and crashes.")
        {
            target, inputs, seed, workDir, crashDir,
        };
        inputs.Validators.Add(r => { if (r.GetValueOrDefault<long>() < 1) r.AddError("--inputs must be at least 1."); });
        command.SetAction(parse => CliAction.Run(() =>
        {
            using var fuzzTarget = CreateTarget(parse.GetValue(target)!, parse.GetValue(workDir));
            long total = parse.GetValue(inputs);
            var stopwatch = Stopwatch.StartNew();
            var report = Ui.WithProgress($"fuzzing {fuzzTarget.Target.Name}", total, advance =>
                FuzzRunner.Run(fuzzTarget.Target, total, parse.GetValue(seed), new Progress<long>(done => advance(done))));
            stopwatch.Stop();
            Print(parse.InvocationConfiguration.Output, report, stopwatch.Elapsed);
            if (parse.GetValue(crashDir) is { } folder) SaveCrashes(folder, report);
            return report.Crashes == 0 ? CliAction.Success : CliAction.Failure;
        }));
        return command;
    }

    private sealed record OwnedTarget(IFuzzTarget Target) : IDisposable
    {
        public void Dispose() => (Target as IDisposable)?.Dispose();
    }

    private static OwnedTarget CreateTarget(string name, string? workDir) => name switch
    {
        "blocks" => new(new BlockFuzzTarget()),
        "archive" => new(new ArchiveFuzzTarget(workDir)),
        "request" => new(new RequestFuzzTarget()),
        _ => throw new ArgumentException($"Unknown fuzz target '{name}'; choose {string.Join(", ", Targets)}."),
    };

    private static void Print(TextWriter output, FuzzReport r, TimeSpan elapsed)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"target {r.Target}  seed {r.Seed}  inputs {r.Inputs}  accepted {r.Accepted}  rejected {r.Rejected}  crashes {r.Crashes}  seconds {elapsed.TotalSeconds:0.0}  inputs/s {r.Inputs / Math.Max(elapsed.TotalSeconds, 1e-3):0}"));
        foreach (var (type, count) in r.CrashesByType)
            output.WriteLine($"crashes  {count} × {type}");
        foreach (var crash in r.FirstCrashes)
            output.WriteLine($"crash  input {crash.Input}  {crash.ExceptionType}: {crash.Message.ReplaceLineEndings(" ")}");
        if (r.Crashes > r.FirstCrashes.Count) output.WriteLine($"crash  ... and {r.Crashes - r.FirstCrashes.Count} more");
    }

    private static void SaveCrashes(string folder, FuzzReport r)
    {
        Directory.CreateDirectory(folder);
        foreach (var crash in r.FirstCrashes)
            File.WriteAllBytes(Path.Combine(folder, $"{r.Target}-{r.Seed}-{crash.Input}.bin"), crash.Bytes);
        if (r.FirstCrashes.Count > 0) Ui.Step($"saved {r.FirstCrashes.Count} crashing inputs in {Markup.Escape(folder)}");
    }
}
