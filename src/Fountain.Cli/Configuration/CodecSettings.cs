using Fountain.Actors.Configuration;
using Fountain.Codec.Archive;
using Fountain.Codec.Blocks;
using Fountain.Codec.Lt;

namespace Fountain.Cli.Configuration;

/// <summary>The codec's settings, read from the fountain.codec block (hocon/reference.conf documents each).</summary>
internal sealed record CodecSettings(LtLayoutPolicy Layout, double Redundancy, int ZstdLevel, ArchiveLimits Archive, BlockLimits Blocks)
{
    private const string Prefix = "fountain.codec.";

    public static CodecSettings Read(HoconDocument config)
    {
        int Int(string key) => config.GetInt(Prefix + key);
        int Bytes(string key)
        {
            long value = config.GetBytes(Prefix + key);
            if (value is < 1 or > int.MaxValue) throw new FormatException($"{Prefix}{key} must be from 1 byte to 2 GiB, not {value}.");
            return (int)value;
        }
        var layout = new LtLayoutPolicy
        {
            MaxBlockBytes = Bytes("block-size"),
            TargetSourceSymbols = Int("target-source-symbols"),
            MinSymbolBytes = Bytes("min-symbol-bytes"),
            SymbolAlignmentBytes = Bytes("symbol-alignment-bytes"),
            MinBlocksPerArchive = Int("min-blocks-per-archive"),
            MinBlockBytes = Bytes("min-block-bytes"),
            C = config.GetDouble(Prefix + "lt-c"),
            Delta = config.GetDouble(Prefix + "lt-delta"),
        };
        var archive = new ArchiveLimits
        {
            MaxExtractedBytes = config.GetBytes(Prefix + "max-extracted-bytes"),
            MaxEntries = Int("max-archive-entries"),
            MaxPathLength = Int("max-path-length"),
        };
        var blocks = new BlockLimits { MaxBlockBytes = Bytes("max-block-bytes"), MaxSourceSymbols = Int("max-source-symbols") };
        return new CodecSettings(layout, config.GetDouble(Prefix + "redundancy"), Int("zstd-level"), archive, blocks);
    }
}
