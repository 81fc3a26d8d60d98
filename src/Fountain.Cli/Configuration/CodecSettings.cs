using Akka.Configuration;
using Fountain.Chain.Configuration;
using Fountain.Codec.Archive;
using Fountain.Codec.Blocks;
using Fountain.Codec.Lt;
using Fountain.Node.Configuration;

namespace Fountain.Cli.Configuration;

/// <summary>
/// The codec's settings, read from fountain.codec (src/Fountain.Cli/reference.conf documents each key). The codec itself
/// is pure and reads no configuration: this program reads it for the commands that encode and decode, and gives a
/// masternode it starts its layout and redundancy (<see cref="ForNode"/>).
/// </summary>
internal sealed record CodecSettings(LtLayoutPolicy Layout, double Redundancy, int ZstdLevel, ArchiveLimits Archive, BlockLimits Blocks)
{
    private const string Prefix = "fountain.codec.";

    public static CodecSettings Read(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        int Int(string key) => config.ReadInt(Prefix + key);
        int Bytes(string key) => config.ReadIntBytes(Prefix + key, min: 1);
        var layout = new LtLayoutPolicy
        {
            MaxBlockBytes = Bytes("block-size"),
            TargetSourceSymbols = Int("target-source-symbols"),
            MinSymbolBytes = Bytes("min-symbol-bytes"),
            SymbolAlignmentBytes = Bytes("symbol-alignment-bytes"),
            MinBlocksPerArchive = Int("min-blocks-per-archive"),
            MinBlockBytes = Bytes("min-block-bytes"),
            C = config.ReadDouble(Prefix + "lt-c"),
            Delta = config.ReadDouble(Prefix + "lt-delta"),
        };
        var archive = new ArchiveLimits
        {
            MaxExtractedBytes = config.ReadBytes(Prefix + "max-extracted-bytes"),
            MaxEntries = Int("max-archive-entries"),
            MaxPathLength = Int("max-path-length"),
        };
        var blocks = new BlockLimits { MaxBlockBytes = Bytes("max-block-bytes"), MaxSourceSymbols = Int("max-source-symbols") };
        var redundancy = config.ReadDouble(Prefix + "redundancy");
        if (!(redundancy > 0)) throw new SettingException(Prefix + "redundancy", $"must be more than 0, not {redundancy}");
        return new CodecSettings(layout, redundancy, Int("zstd-level"), archive, blocks);
    }

    /// <summary>A masternode's settings with the archive layout and redundancy of fountain.codec.</summary>
    public NodeSettings ForNode(NodeSettings node) => node with { Layout = Layout, Redundancy = Redundancy };
}
