using System.CommandLine;
using Fountain.Cli.Terminal;
using Fountain.Codec.Artwork;
using Fountain.Codec.Lt;

namespace Fountain.Cli.Commands;

/// <summary>The block formats the CLI writes.</summary>
internal enum BlockFormatName { V1, PastelV0 }

/// <summary>Options shared by the commands that make blocks, with the defaults of hocon/reference.conf.</summary>
internal sealed class CodecOptions
{
    public Option<double> Redundancy { get; } = new("--redundancy", "-r")
    {
        Description = "Total bytes of blocks made ÷ archive bytes (the seed's redundancy factor).",
        DefaultValueFactory = _ => 12,
    };

    public Option<string> BlockSize { get; } = new("--block-size")
    {
        Description = "Largest block payload, in bytes or with a unit (2MiB). Small archives get smaller blocks.",
        DefaultValueFactory = _ => "2MiB",
    };

    public Option<int> ZstdLevel { get; } = new("--zstd-level")
    {
        Description = "zstd compression level of the archive, 1 (fast) to 19 (small).",
        DefaultValueFactory = _ => 3,
    };

    public Option<string> Format { get; } = new("--format")
    {
        Description = "Block format: v1 (Fountain's, FORMAT.md) or pastel-v0 (the seed demo's).",
        DefaultValueFactory = _ => "v1",
    };

    public CodecOptions()
    {
        Redundancy.Validators.Add(r => { if (!(r.GetValueOrDefault<double>() is > 0 and <= 1000)) r.AddError("--redundancy must be more than 0 and at most 1000."); });
        ZstdLevel.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 19) r.AddError("--zstd-level must be from 1 to 19."); });
        Format.AcceptOnlyFromAmong("v1", "pastel-v0");
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Redundancy);
        command.Options.Add(BlockSize);
        command.Options.Add(ZstdLevel);
        command.Options.Add(Format);
    }

    public EncodeOptions EncodeOptions(ParseResult parse)
    {
        long blockSize = ByteSize.Parse(parse.GetValue(BlockSize)!);
        if (blockSize is < 1024 or > 64L << 20) throw new ArgumentException($"--block-size must be from 1 KiB to 64 MiB, not {blockSize} bytes.");
        return new EncodeOptions
        {
            Redundancy = parse.GetValue(Redundancy),
            Layout = new LtLayoutPolicy { MaxBlockBytes = (int)blockSize },
        };
    }

    public BlockFormatName FormatName(ParseResult parse) => parse.GetValue(Format) == "pastel-v0" ? BlockFormatName.PastelV0 : BlockFormatName.V1;
}
