using System.CommandLine;
using Fountain.Cli.Configuration;
using Fountain.Cli.Terminal;
using Fountain.Codec.Blocks;
using Fountain.Codec.Archive;
using Fountain.Codec.Artwork;
using Fountain.Codec.Hashing;
using Spectre.Console;

namespace Fountain.Cli.Commands;

/// <summary>fountain decode: rebuild an artwork from whatever blocks a folder holds, verify it, extract it.</summary>
internal static class DecodeCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("folder") { Description = "Folder with the block files." };
        var output = new Option<string>("--out", "-o") { Description = "Folder to extract the files into (created if missing; existing names are never overwritten).", Required = true };
        var artwork = new Option<string?>("--artwork") { Description = "The artwork id to decode, when the folder holds blocks of several." };
        var maxBytes = new Option<string?>("--max-extracted-bytes") { Description = "Refuse archives that expand past this size. Default: fountain.codec.max-extracted-bytes (16GiB)." };
        var codec = new CodecOptions();
        var command = new Command("decode", "Decode the blocks in a folder (v1 or pastel-v0, detected), skipping corrupted or foreign ones, verify the artwork id, and extract the files.")
        {
            folder, output, artwork, maxBytes, codec.Config, codec.Set,
        };
        command.SetAction(parse => CliAction.Run(() =>
        {
            Hash256? wanted = parse.GetValue(artwork) is { } hex ? Hash256.Parse(hex) : null;
            var settings = FountainConfig.Load(parse.GetValue(codec.Config), parse.GetValue(codec.Set)).Read(CodecSettings.Read);
            var limits = parse.GetValue(maxBytes) is { } max ? settings.Archive with { MaxExtractedBytes = ByteSize.Parse(max) } : settings.Archive;
            return Run(parse.GetValue(folder)!, parse.GetValue(output)!, wanted, limits, settings.Blocks);
        }));
        return command;
    }

    internal static int Run(string folder, string output, Hash256? artwork, ArchiveLimits limits, BlockLimits blockLimits)
    {
        var result = BlockReading.DecodeFolder(folder, artwork, blockLimits);
        foreach (var skipped in result.Skipped)
            Ui.Step($"[yellow]skipped[/] {Markup.Escape(skipped.File)}: {Markup.Escape(skipped.Reason)}");
        if (!result.Complete)
        {
            Ui.Error($"Not enough valid blocks to decode artwork {result.ArtworkId}: {result.BlocksUsed} valid blocks used, at least {result.MinimumMoreBlocks} more needed (a floor: LT decoding usually needs a few more). Nothing was written.");
            return CliAction.Failure;
        }
        Ui.Step($"[green]decoded[/] artwork {result.ArtworkId} from {result.BlocksUsed} blocks ({ByteSize.Format(result.BytesUsed)}, {result.BytesUsed / (double)Math.Max(1, result.Archive.Length):0.000}x the archive); hash verified");
        var extracted = ArchiveExtractor.Extract(result.Archive, output, limits);
        Ui.Step($"[green]extracted[/] {extracted.Files} files, {ByteSize.Format(extracted.Bytes)} into {Markup.Escape(output)}: {Markup.Escape(string.Join(", ", extracted.TopLevelNames))}");
        Console.Out.WriteLine(result.ArtworkId);
        return CliAction.Success;
    }
}
