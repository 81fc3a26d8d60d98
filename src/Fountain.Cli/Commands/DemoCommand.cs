using System.CommandLine;
using Fountain.Cli.Terminal;
using Fountain.Codec.Archive;
using Fountain.Codec.Artwork;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;
using Spectre.Console;

namespace Fountain.Cli.Commands;

/// <summary>
/// fountain demo: the seed's demonstration. Encode a file, delete most blocks, corrupt some of the rest, decode
/// what is left, and check that the files come back bit-exact.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var size = new Option<string>("--size") { Description = "Size of the generated sample file (ignored with --input).", DefaultValueFactory = _ => "20MB" };
        var input = new Option<string?>("--input") { Description = "A file or folder to use instead of a generated sample." };
        var delete = new Option<double>("--delete") { Description = "Fraction of the blocks to delete.", DefaultValueFactory = _ => 0.75 };
        var corrupt = new Option<double>("--corrupt") { Description = "Fraction of the remaining blocks to corrupt (random bytes overwritten).", DefaultValueFactory = _ => 0.10 };
        var seed = new Option<int?>("--seed") { Description = "Seed of the demo's randomness (sample, deletions, corruptions); random if omitted, and printed." };
        var work = new Option<string?>("--work") { Description = "Folder to keep the demo's files in; a temporary folder, removed afterwards, if omitted." };
        var codec = new CodecOptions();
        var command = new Command("demo", "The seed's demonstration: encode, delete 75% of the blocks, corrupt 10% of the rest, decode, verify the hash.")
        {
            size, input, delete, corrupt, seed, work,
        };
        codec.AddTo(command, format: false);
        foreach (var fraction in new[] { delete, corrupt })
            fraction.Validators.Add(r => { if (r.GetValueOrDefault<double>() is < 0 or > 1) r.AddError($"{r.Option.Name} is a fraction from 0 to 1."); });

        command.SetAction(parse => CliAction.Run(() =>
        {
            int actualSeed = parse.GetValue(seed) ?? Random.Shared.Next();
            var keep = parse.GetValue(work);
            var folder = keep ?? Path.Combine(Path.GetTempPath(), "fountain-demo-" + Guid.NewGuid().ToString("N"));
            try
            {
                var codecSettings = codec.Settings(parse);
                var settings = new DemoSettings(ByteSize.Parse(parse.GetValue(size)!), parse.GetValue(input), parse.GetValue(delete), parse.GetValue(corrupt), actualSeed, CodecOptions.EncodeOptions(codecSettings), codecSettings.ZstdLevel);
                return Run(settings, folder);
            }
            finally
            {
                if (keep is null && Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            }
        }));
        return command;
    }

    internal sealed record DemoSettings(long SampleBytes, string? Input, double DeleteFraction, double CorruptFraction, int Seed, EncodeOptions Encode, int ZstdLevel);

    internal static int Run(DemoSettings settings, string folder)
    {
        var random = new Random(settings.Seed);
        Ui.Step($"[bold]Fountain demo[/] (seed {settings.Seed}; run again with --seed {settings.Seed} to repeat it)");
        Directory.CreateDirectory(folder);

        var input = settings.Input ?? WriteSample(Path.Combine(folder, "input"), settings.SampleBytes, random);
        var packed = EncodeCommand.Pack([input], settings.ZstdLevel);
        Ui.Step($"1. packed {Markup.Escape(input)} ({ByteSize.Format(packed.InputBytes)}) into a tar + zstd archive of {ByteSize.Format(packed.Bytes.Length)}; artwork id (SHA3-256) {packed.ArtworkId}");

        var blocksFolder = Path.Combine(folder, "blocks");
        var blocks = BlockWriting.Write(packed, blocksFolder, settings.Encode, BlockFormatName.V1);
        var p = settings.Encode.Layout.LayoutFor(packed.Bytes.Length);
        Ui.Step($"2. encoded into {blocks.Count} LT blocks of {ByteSize.Format(p.BlockPayloadBytes)} ({p.SymbolsPerBlock} symbols of {p.SymbolBytes} bytes each, K = {p.SourceSymbols}), {blocks.Sum(b => b.Bytes) / (double)packed.Bytes.Length:0.0}x the archive");

        var shuffled = blocks.OrderBy(_ => random.Next()).ToList();
        int deleteCount = (int)Math.Round(settings.DeleteFraction * blocks.Count);
        foreach (var block in shuffled.Take(deleteCount)) File.Delete(block.Path!);
        var survivors = shuffled.Skip(deleteCount).ToList();
        Ui.Step($"3. deleted {deleteCount} blocks at random ({settings.DeleteFraction * 100:0.#}%); {survivors.Count} remain");

        int corruptCount = (int)Math.Round(settings.CorruptFraction * survivors.Count);
        foreach (var block in survivors.Take(corruptCount)) CorruptInPlace(block.Path!, random);
        Ui.Step($"4. overwrote random bytes inside {corruptCount} of the remaining blocks ({settings.CorruptFraction * 100:0.#}%)");

        var result = BlockReading.DecodeFolder(blocksFolder, packed.ArtworkId);
        int rejected = result.Skipped.Count(s => s.Outcome == BlockOutcome.Rejected);
        if (!result.Complete)
        {
            Ui.Error($"5. could not decode: {result.BlocksUsed} valid blocks used, {rejected} rejected as corrupted, at least {result.MinimumMoreBlocks} more valid blocks needed (a floor: LT decoding usually needs a few more).");
            return CliAction.Failure;
        }
        Ui.Step($"5. decoded from {result.BlocksUsed} of the {survivors.Count} remaining blocks ({result.BytesUsed / (double)packed.Bytes.Length:0.000}x the archive); "
            + $"{rejected} corrupted blocks were read, detected and skipped (the decode stopped as soon as the archive was complete, before reading the rest)");

        var restored = Path.Combine(folder, "restored");
        if (Directory.Exists(restored)) Directory.Delete(restored, recursive: true);
        ArchiveExtractor.Extract(result.Archive, restored);
        bool identical = SameContent(input, Path.Combine(restored, Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(input)))));
        var archiveId = Sha3.Hash(result.Archive.Span);
        Ui.Step($"6. archive hash {archiveId} {(archiveId == packed.ArtworkId ? "[green]matches[/]" : "[red]DIFFERS[/]")}; restored files are {(identical ? "[green]bit-exact[/]" : "[red]DIFFERENT[/]")}");
        Console.Out.WriteLine(packed.ArtworkId);
        return identical && archiveId == packed.ArtworkId ? CliAction.Success : CliAction.Failure;
    }

    /// <summary>Random bytes, like an already-compressed image: the seed's example was a 20 MB PNG.</summary>
    private static string WriteSample(string folder, long bytes, Random random)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "sample-artwork.bin");
        using var file = File.Create(path);
        var buffer = new byte[1 << 20];
        for (long left = bytes; left > 0; left -= buffer.Length)
        {
            random.NextBytes(buffer);
            file.Write(buffer, 0, (int)Math.Min(buffer.Length, left));
        }
        return path;
    }

    /// <summary>Overwrites a random run of 1 to 64 bytes somewhere in the block, header included, with different bytes.</summary>
    private static void CorruptInPlace(string path, Random random)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        int run = (int)Math.Min(file.Length, random.Next(1, 65));
        long offset = random.NextInt64(0, file.Length - run + 1);
        var original = new byte[run];
        file.Position = offset;
        file.ReadExactly(original);
        var damaged = new byte[run];
        random.NextBytes(damaged);
        damaged[0] = (byte)(original[0] ^ (1 + random.Next(255))); // at least one byte really changes
        file.Position = offset;
        file.Write(damaged);
    }

    private static bool SameContent(string original, string restored)
    {
        if (File.Exists(original)) return File.Exists(restored) && Sha3.Hash(File.ReadAllBytes(original)) == Sha3.Hash(File.ReadAllBytes(restored));
        if (!Directory.Exists(restored)) return false;
        var a = Directory.EnumerateFiles(original, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(original, f)).Order(StringComparer.Ordinal).ToList();
        var b = Directory.EnumerateFiles(restored, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(restored, f)).Order(StringComparer.Ordinal).ToList();
        return a.SequenceEqual(b) && a.All(f => SameContent(Path.Combine(original, f), Path.Combine(restored, f)));
    }
}
