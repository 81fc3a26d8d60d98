using System.CommandLine;
using System.Text.Json;
using Fountain.Cli.Terminal;
using Fountain.Codec.Artwork;
using Fountain.Codec.Benchmarking;
using Spectre.Console;

namespace Fountain.Cli.Commands;

/// <summary>fountain bench: measurements of the real code paths, as ratios to bounds measured in the same run.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure Fountain's components on this machine.");
        bench.Subcommands.Add(CreateCodec());
        return bench;
    }

    private static Command CreateCodec()
    {
        var size = new Option<string>("--size") { Description = "Bytes of random input to encode and decode.", DefaultValueFactory = _ => "64MiB" };
        var trials = new Option<int>("--trials") { Description = "Decode trials, each with the blocks in a new random order.", DefaultValueFactory = _ => 20 };
        var seed = new Option<int>("--seed") { Description = "Seed of the input and of the block orders.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var codec = new CodecOptions();
        var command = new Command("codec", "Encode and decode throughput, this machine's SHA3-256 and XOR rates, decode overhead (block bytes needed ÷ archive bytes).")
        {
            size, trials, seed, json,
        };
        codec.AddTo(command, format: false);
        trials.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 10_000) r.AddError("--trials must be from 1 to 10000."); });
        command.SetAction(parse => CliAction.Run(() =>
        {
            var options = new CodecBenchOptions(ByteSize.Parse(parse.GetValue(size)!), parse.GetValue(trials), parse.GetValue(seed), CodecOptions.EncodeOptions(codec.Settings(parse)));
            var result = Ui.Err.Status().Start("starting", context => CodecBench.Run(options, new InlineProgress(s => context.Status(s))));
            if (parse.GetValue(json)) Console.Out.WriteLine(JsonSerializer.Serialize(result, BenchJson.Default.CodecBenchResult));
            else Print(result);
            return CliAction.Success;
        }));
        return command;
    }

    private static void Print(CodecBenchResult r)
    {
        var table = new Table().AddColumns("measure", "value").Border(TableBorder.Rounded);
        table.AddRow("input", $"{ByteSize.Format(r.SizeBytes)} random; {r.Blocks} blocks of {ByteSize.Format(r.BlockPayloadBytes)}, K = {r.SourceSymbols}, T = {r.SymbolBytes}");
        table.AddRow("encode", $"{r.EncodeMBps:0.0} MB/s ({r.EncodeThreads} threads)");
        table.AddRow("decode", $"{r.DecodeMBps:0.0} MB/s (2 threads: verify and peel; mean of {r.Trials})");
        table.AddRow("SHA3-256 (1 core)", $"{r.Sha3MBps:0.0} MB/s");
        table.AddRow("XOR (1 core, in cache)", $"{r.XorGBps:0.0} GB/s");
        table.AddRow("decode overhead mean / max", $"{r.OverheadMean:0.000} / {r.OverheadMax:0.000}");
        table.AddRow("encode ÷ hash bound", $"{r.EncodeVsHashBound:0.00}");
        table.AddRow("decode ÷ hash bound", $"{r.DecodeVsHashBound:0.00}");
        table.AddRow("decode allocations (max)", $"{ByteSize.Format(r.DecodeAllocatedBytesMax)} = {r.DecodeAllocatedVsArchive:0.00}x the archive");
        Ui.Out.Write(table);
    }

    /// <summary>Reports on the calling thread, so status updates arrive in order.</summary>
    private sealed class InlineProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[System.Text.Json.Serialization.JsonSerializable(typeof(CodecBenchResult))]
internal sealed partial class BenchJson : System.Text.Json.Serialization.JsonSerializerContext;
