using System.CommandLine;
using System.Text.Json;
using Fountain.Cli.Terminal;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;
using Fountain.Codec.Legacy;
using Spectre.Console;

namespace Fountain.Cli.Commands;

/// <summary>fountain inspect: print a block's header and whether the block is intact.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("block-file") { Description = "A block file." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("inspect", "Print a block's header and whether it is intact (its id, from its file name, matches its content).") { file, json };
        command.SetAction(parse => CliAction.Run(() => Run(parse.GetValue(file)!, parse.GetValue(json))));
        return command;
    }

    internal static int Run(string path, bool json)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"'{path}' does not exist.");
        long maxBytes = BlockLimits.Default.MaxBlockBytes + (long)BlockHeader.Size;
        if (info.Length > maxBytes) throw new InvalidDataException($"'{path}' has {info.Length} bytes, more than any block ({maxBytes}).");
        var bytes = File.ReadAllBytes(path);
        var report = Describe(bytes, info.Name);
        if (json) Console.Out.WriteLine(JsonSerializer.Serialize(report, InspectJson.Default.BlockReport));
        else Print(report);
        return report.Intact ? CliAction.Success : CliAction.Failure;
    }

    /// <summary>The format inspect reports for a file that is no block of any format it reads.</summary>
    internal const string NotABlock = "not a block";

    internal static BlockReport Describe(ReadOnlySpan<byte> bytes, string fileName)
    {
        var actualId = Sha3.Hash(bytes);
        bool named = BlockFileName.TryParse(fileName, out var namedArtwork, out var namedIndex, out var namedHash);
        if (!BlockHeader.HasMagic(bytes))
        {
            // pastel-v0 has no magic number: almost any 44 bytes parse as a plausible header. A file is taken for one only
            // when its length is what that header announces, or when its name says it is a block (then a wrong length is damage).
            bool plausible = PastelV0Block.TryParseHeader(bytes, out var legacyHeader, out var legacyProblem);
            if (plausible && (legacyHeader!.BlockBytes == bytes.Length || named)) return DescribePastelV0(bytes, fileName, actualId, named ? namedHash : null, legacyHeader);
            string why = plausible
                ? $"read as a pastel-v0 header it announces {legacyHeader!.BlockBytes} bytes, and the file has {bytes.Length}"
                : $"as pastel-v0: {legacyProblem}";
            return new BlockReport(NotABlock, false, $"this file is not a block: it does not start with the v1 magic, and {why}", actualId.ToString(), null, null);
        }
        if (!BlockHeader.TryParse(bytes, BlockLimits.Default, out var header, out var error))
            return new BlockReport("unknown", false, error, actualId.ToString(), named ? namedHash.ToString() : null, null);
        var problems = new List<string>();
        if (bytes.Length != header!.BlockBytes) problems.Add($"the file has {bytes.Length} bytes but the header describes {header.BlockBytes}");
        if (!named) problems.Add("the file name carries no block id to check the content against");
        else
        {
            if (namedHash != actualId) problems.Add("the content does not hash to the id in the file name (corrupted or tampered)");
            if (namedArtwork != header.ArtworkId) problems.Add("the file name names another artwork than the header");
            if (namedIndex != header.BlockIndex) problems.Add("the file name's index differs from the header's");
        }
        var p = header.Parameters;
        var fields = new HeaderFields(header.ArtworkId.ToString(), p.ArchiveLength, p.SourceSymbols, p.SymbolBytes, p.SymbolsPerBlock, p.C, p.Delta, header.BlockIndex, header.BlockSeed, p.BlockPayloadBytes);
        return new BlockReport("v1", problems.Count == 0, problems.Count == 0 ? null : string.Join("; ", problems), actualId.ToString(), named ? namedHash.ToString() : null, fields);
    }

    /// <summary>A pastel-v0 block: its 44-byte header, its payload hash, and the block hash of its name when it has one.</summary>
    private static BlockReport DescribePastelV0(ReadOnlySpan<byte> bytes, string fileName, Hash256 actualId, Hash256? namedHash, PastelV0Header parsed)
    {
        bool intact = PastelV0Block.TryVerify(bytes, fileName, null, out var header, out _, out var reason);
        if (intact && namedHash is null) { intact = false; reason = "the file name carries no block hash; only the payload hash was checked"; }
        header ??= parsed;
        var fields = new HeaderFields(null, header.ArchiveLength, null, (int)header.PayloadBytes, 1, 0.1, 0.5, null, header.Seed, (int)header.PayloadBytes);
        return new BlockReport("pastel-v0", intact, reason, actualId.ToString(), namedHash?.ToString(), fields);
    }

    private static void Print(BlockReport report)
    {
        var table = new Table().AddColumns("field", "value").Border(TableBorder.Rounded);
        table.AddRow("format", report.Format);
        if (report.Header is { } h)
        {
            table.AddRow("artwork id", h.ArtworkId ?? "- (not in this format's header)");
            table.AddRow("archive length", $"{h.ArchiveLength} bytes");
            table.AddRow("K (source symbols)", h.SourceSymbols?.ToString() ?? $"{(h.ArchiveLength + h.SymbolBytes - 1) / h.SymbolBytes} (derived)");
            table.AddRow("T (symbol bytes)", h.SymbolBytes.ToString());
            table.AddRow("M (symbols in block)", h.SymbolsPerBlock.ToString());
            table.AddRow("robust soliton c, δ", $"{h.C}, {h.Delta}");
            table.AddRow("block index", h.BlockIndex?.ToString() ?? "- (not in this format's header)");
            table.AddRow("block seed", $"0x{h.BlockSeed:x16}");
            table.AddRow("payload", $"{h.PayloadBytes} bytes");
        }
        table.AddRow("block id (computed)", report.ComputedBlockId);
        table.AddRow("block id (file name)", report.NamedBlockId ?? "-");
        table.AddRow("intact", report.Intact ? "[green]yes[/]" : $"[red]no[/]: {Markup.Escape(report.Problem ?? "")}");
        Ui.Out.Write(table);
    }
}

/// <summary>A block header as inspect prints it; fields a format does not carry are null.</summary>
internal sealed record HeaderFields(string? ArtworkId, long ArchiveLength, int? SourceSymbols, int SymbolBytes, int SymbolsPerBlock, double C, double Delta, uint? BlockIndex, ulong BlockSeed, int PayloadBytes);

internal sealed record BlockReport(string Format, bool Intact, string? Problem, string ComputedBlockId, string? NamedBlockId, HeaderFields? Header);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[System.Text.Json.Serialization.JsonSerializable(typeof(BlockReport))]
internal sealed partial class InspectJson : System.Text.Json.Serialization.JsonSerializerContext;
