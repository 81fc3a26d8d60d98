using Fountain.Node.Owner;
using System.CommandLine;
using Fountain.Cli.Terminal;
using Fountain.Codec.Archive;

namespace Fountain.Cli.Commands;

/// <summary>fountain encode: pack files into an archive and write its blocks into a folder; prints the artwork id.</summary>
internal static class EncodeCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Files and folders to store.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out", "-o") { Description = "Folder to write the block files into.", Required = true };
        var ticket = new Option<string?>("--ticket") { Description = "A metadata ticket file (JSON) to store in the archive as " + ArchivePacker.TicketEntryName + "." };
        var codec = new CodecOptions();
        var command = new Command("encode", "Pack files (tar + zstd), name the archive by its SHA3-256, and encode it into LT fountain-code blocks. Prints the artwork id.")
        {
            paths, output, ticket,
        };
        codec.AddTo(command);
        command.SetAction(parse => CliAction.Run(() =>
        {
            var settings = codec.Settings(parse);
            var options = CodecOptions.EncodeOptions(settings);
            var ticketPath = parse.GetValue(ticket);
            ReadOnlyMemory<byte>? ticketBytes = ticketPath is null ? (ReadOnlyMemory<byte>?)null : File.ReadAllBytes(ticketPath);
            var packed = Pack(parse.GetValue(paths)!, settings.ZstdLevel, ticketBytes);
            var outFolder = parse.GetValue(output)!;
            var blocks = BlockWriting.Write(packed, outFolder, options, codec.FormatName(parse));
            Ui.Step($"[green]encoded[/] {packed.Entries} entries, {ByteSize.Format(packed.InputBytes)} in, archive {ByteSize.Format(packed.Bytes.Length)} → {blocks.Count} blocks, {ByteSize.Format(blocks.Sum(b => b.Bytes))} in {Spectre.Console.Markup.Escape(outFolder)}");
            Console.Out.WriteLine(packed.ArtworkId);
            return CliAction.Success;
        }));
        return command;
    }

    internal static PackedArchive Pack(IReadOnlyList<string> paths, int zstdLevel, ReadOnlyMemory<byte>? ticket = null)
    {
        long total = paths.Sum(InputBytes);
        return Ui.WithProgress("packing (tar + zstd)", total, report =>
            ArchivePacker.Pack(paths, zstdLevel, ticket, new InlineProgress<long>(read => report(read))), bytes => ByteSize.Format((long)bytes));
    }

    private static long InputBytes(string path) =>
        File.Exists(path) ? new FileInfo(path).Length
        : Directory.Exists(path) ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)
        : 0;
}
