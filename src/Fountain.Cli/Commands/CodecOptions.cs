using System.CommandLine;
using Fountain.Cli.Configuration;
using Fountain.Cli.Terminal;
using Fountain.Codec.Artwork;

namespace Fountain.Cli.Commands;

/// <summary>The block formats the CLI writes.</summary>
internal enum BlockFormatName { V1, PastelV0 }

/// <summary>
/// Options shared by the codec commands. An option left out takes its value from the configuration: the defaults,
/// the file given with --config, FOUNTAIN__ variables and --set, each over the one before.
/// </summary>
internal sealed class CodecOptions
{
    public Option<string?> Config { get; } = FountainConfig.ConfigOption("fountain.codec");

    public Option<string[]> Set { get; } = FountainConfig.SetOption();

    public Option<double?> Redundancy { get; } = new("--redundancy", "-r")
    {
        Description = "Total bytes of blocks made ÷ archive bytes (the seed's redundancy factor). Default: fountain.codec.redundancy (12).",
    };

    public Option<string?> BlockSize { get; } = new("--block-size")
    {
        Description = "Largest block, in bytes or with a unit (2MiB). v1: the payload, and small archives get smaller blocks; pastel-v0: the whole file. Default: fountain.codec.block-size (2MiB).",
    };

    public Option<int?> ZstdLevel { get; } = new("--zstd-level")
    {
        Description = "zstd compression level of the archive, 1 (fast) to 19 (small). Default: fountain.codec.zstd-level (3).",
    };

    public Option<string> Format { get; } = new("--format")
    {
        Description = "Block format: v1 (Fountain's, FORMAT.md) or pastel-v0 (the seed demo's).",
        DefaultValueFactory = _ => "v1",
    };

    public CodecOptions()
    {
        Redundancy.Validators.Add(r => { if (r.GetValueOrDefault<double?>() is { } v && !(v is > 0 and <= 1000)) r.AddError("--redundancy must be more than 0 and at most 1000."); });
        ZstdLevel.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1 or > 19) r.AddError("--zstd-level must be from 1 to 19."); });
        Format.AcceptOnlyFromAmong("v1", "pastel-v0");
    }

    public void AddTo(Command command, bool format = true)
    {
        command.Options.Add(Config);
        command.Options.Add(Set);
        command.Options.Add(Redundancy);
        command.Options.Add(BlockSize);
        command.Options.Add(ZstdLevel);
        if (format) command.Options.Add(Format);
    }

    /// <summary>The configuration's codec settings with the command line's options laid over them.</summary>
    public CodecSettings Settings(ParseResult parse)
    {
        var settings = FountainConfig.Load(parse.GetValue(Config), parse.GetValue(Set)).Read(CodecSettings.Read);
        var layout = settings.Layout;
        if (parse.GetValue(BlockSize) is { } text)
        {
            long blockSize = ByteSize.Parse(text);
            if (blockSize is < 1024 or > 64L << 20) throw new ArgumentException($"--block-size must be from 1 KiB to 64 MiB, not {blockSize} bytes.");
            layout = layout with { MaxBlockBytes = (int)blockSize };
        }
        return settings with
        {
            Layout = layout,
            Redundancy = parse.GetValue(Redundancy) ?? settings.Redundancy,
            ZstdLevel = parse.GetValue(ZstdLevel) ?? settings.ZstdLevel,
        };
    }

    public static EncodeOptions EncodeOptions(CodecSettings settings) => new() { Redundancy = settings.Redundancy, Layout = settings.Layout };

    public BlockFormatName FormatName(ParseResult parse) => parse.GetValue(Format) == "pastel-v0" ? BlockFormatName.PastelV0 : BlockFormatName.V1;
}
