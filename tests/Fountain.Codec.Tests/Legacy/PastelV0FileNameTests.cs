using Fountain.Codec.Legacy;

namespace Fountain.Codec.Tests.Legacy;

public sealed class PastelV0FileNameTests
{
    private const string ArchiveHex = "186fddcceb5e5a8074fd5880b8965900bf50c18c4bbe3efbcfda030856435909";
    private const string BlockHex = "a7853dad91a44e7907bdee1a5ecde1fd24483f8530e3db17431d92b43f194933";

    [Fact]
    public void The_seed_articles_example_name_parses_and_formats_back()
    {
        string name = $"FileHash__{ArchiveHex}__Block__000000001__BlockHash_{BlockHex}.block";
        Assert.True(PastelV0FileName.TryParse("/some/dir/" + name, out var parsed));
        Assert.Equal(new PastelV0FileName(ArchiveHex, 1, BlockHex), parsed);
        Assert.Equal(name, parsed.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("chunk_0001.bin")]
    [InlineData("FileHash__" + ArchiveHex + "__Block__00000001__BlockHash_" + BlockHex + ".block")] // eight digits
    [InlineData("FileHash__" + ArchiveHex + "__Block__000000000__BlockHash_" + BlockHex + ".block")] // index 0
    [InlineData("FileHash__" + ArchiveHex + "__Block__00000000x__BlockHash_" + BlockHex + ".block")]
    [InlineData("FileHash__" + ArchiveHex + "__Block__000000001__BlockHash_" + BlockHex + "0.block")]
    [InlineData("FileHash__zz6fddcceb5e5a8074fd5880b8965900bf50c18c4bbe3efbcfda030856435909__Block__000000001__BlockHash_" + BlockHex + ".block")]
    [InlineData("FileHash__" + ArchiveHex + "__Block__000000001__BlockHash_" + BlockHex + ".blk")]
    public void Other_names_are_not_demo_names(string? name)
    {
        Assert.False(PastelV0FileName.TryParse(name, out var parsed));
        Assert.Null(parsed);
    }

    [Fact]
    public void Upper_case_hex_is_accepted_and_normalised()
    {
        string name = $"FileHash__{ArchiveHex.ToUpperInvariant()}__Block__000000012__BlockHash_{BlockHex.ToUpperInvariant()}.block";
        Assert.True(PastelV0FileName.TryParse(name, out var parsed));
        Assert.Equal(new PastelV0FileName(ArchiveHex, 12, BlockHex), parsed);
    }

    [Fact]
    public void Header_parse_reads_little_endian_fields()
    {
        var header = new byte[44];
        header[0] = 0x01; header[1] = 0x02;                 // archive length 0x0201 = 513
        header[4] = 0x10;                                   // payload 16
        header[8] = 0x2A;                                   // seed 42
        header[12] = 0xEE;
        Assert.True(PastelV0Block.TryParseHeader(header, out var parsed, out _));
        Assert.Equal((513u, 16u, 42u, 33L, 60L), (parsed.ArchiveLength, parsed.PayloadBytes, parsed.Seed, parsed.SourceSymbols, parsed.BlockBytes));
        Assert.Equal(0xEE, parsed.PayloadSha3.Span[0]);
        Assert.False(PastelV0Block.TryParseHeader(header.AsSpan(0, 43), out _, out string? reason));
        Assert.Contains("too short", reason);
    }
}
