using System.Text.Json;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;

namespace Fountain.Codec.Tests.Lt;

/// <summary>
/// Block format v1 against vectors made by an independent implementation of FORMAT.md
/// (Vectors/v1_reference.py, Python standard library only). If one of these fails, the two readings of the
/// specification differ: fix the code or the document, never the vectors alone.
/// </summary>
public class FormatVectorTests
{
    private static readonly JsonElement Vectors = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", "v1_vectors.json"))).RootElement;

    [Fact]
    public void SplitMix64_matches_the_reference_sequence()
    {
        var random = new SplitMix64(0);
        var expected = Vectors.GetProperty("splitmix64_seed0_first5").EnumerateArray().Select(e => ulong.Parse(e.GetString()!)).ToList();
        Assert.Equal(0xE220A8397B1DCDAFUL, expected[0]); // the published first output of SplitMix64 from seed 0
        foreach (var value in expected) Assert.Equal(value, random.Next());

        var nth = Vectors.GetProperty("splitmix64_nth_seed12345_j0_j7_j1000").EnumerateArray().Select(e => ulong.Parse(e.GetString()!)).ToList();
        Assert.Equal(nth, new ulong[] { 0, 7, 1000 }.Select(j => SplitMix64.Nth(12345, j)));
    }

    [Fact]
    public void Nth_is_the_same_as_stepping_the_generator()
    {
        var random = new SplitMix64(987654321);
        for (ulong j = 0; j < 100; j++) Assert.Equal(random.Next(), SplitMix64.Nth(987654321, j));
    }

    [Fact]
    public void Degree_thresholds_match_the_reference()
    {
        var soliton = new RobustSoliton(1000, 0.03, 0.5);
        foreach (var entry in Vectors.GetProperty("soliton_k1000_c0.03_d0.5_thresholds_at").EnumerateObject())
        {
            int i = int.Parse(entry.Name);
            ulong threshold = ulong.Parse(entry.Value.GetString()!);
            // A draw just below the threshold has degree i + 1; a draw at the threshold has a larger degree.
            Assert.Equal(i + 1, soliton.Sample((uint)(threshold - 1)));
            if (threshold <= uint.MaxValue) Assert.True(soliton.Sample((uint)threshold) > i + 1);
        }
    }

    [Fact]
    public void Neighbours_match_the_reference()
    {
        var sampler = new NeighbourSampler(new RobustSoliton(100, 0.03, 0.5));
        var buffer = new int[100];
        foreach (var entry in Vectors.GetProperty("neighbours_k100_symbol_seeds").EnumerateObject())
        {
            var expected = entry.Value.EnumerateArray().Select(e => e.GetInt32()).ToArray();
            int degree = sampler.Sample(ulong.Parse(entry.Name), buffer);
            Assert.Equal(expected, buffer[..degree]);
        }
    }

    [Fact]
    public void Encoded_blocks_match_the_reference_byte_for_byte()
    {
        var spec = Vectors.GetProperty("archive");
        var archive = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7 % 251)).ToArray();
        var artworkId = Sha3.Hash(archive);
        Assert.Equal(spec.GetProperty("sha3_256").GetString(), artworkId.ToString());
        var parameters = new LtParameters(1000, spec.GetProperty("K").GetInt32(), spec.GetProperty("T").GetInt32(), spec.GetProperty("M").GetInt32(), 0.03, 0.5);
        var worker = new LtEncoder(artworkId, archive, parameters).CreateWorker();
        foreach (var block in spec.GetProperty("blocks").EnumerateArray())
        {
            var (header, id) = worker.Encode(block.GetProperty("index").GetUInt32());
            Assert.Equal(ulong.Parse(block.GetProperty("block_seed").GetString()!), header.BlockSeed);
            Assert.Equal(block.GetProperty("block_hex").GetString(), Convert.ToHexStringLower(worker.Block));
            Assert.Equal(block.GetProperty("block_id").GetString(), id.ToString());
        }
    }

    [Fact]
    public void Reference_blocks_decode_here()
    {
        var spec = Vectors.GetProperty("archive");
        var decoder = new Fountain.Codec.Artwork.ArtworkDecoder(Hash256.Parse(spec.GetProperty("sha3_256").GetString()!));
        foreach (var block in spec.GetProperty("blocks").EnumerateArray())
            decoder.Offer(Convert.FromHexString(block.GetProperty("block_hex").GetString()!), Hash256.Parse(block.GetProperty("block_id").GetString()!));
        // Four blocks of 4 symbols cannot always finish K = 16, but every one must have been accepted.
        Assert.Equal(4, decoder.BlocksUsed);
    }

    [Fact]
    public void Header_layout_is_96_bytes_little_endian()
    {
        var header = Convert.FromHexString(Vectors.GetProperty("archive").GetProperty("blocks")[0].GetProperty("header_hex").GetString()!);
        Assert.Equal(BlockHeader.Size, header.Length);
        Assert.True(BlockHeader.TryParse(header.Concat(new byte[4 * 64]).ToArray(), BlockLimits.Default, out var parsed, out var error), error);
        Assert.Equal(1000, parsed!.Parameters.ArchiveLength);
        Assert.Equal(16, parsed.Parameters.SourceSymbols);
        Assert.Equal(64, parsed.Parameters.SymbolBytes);
        Assert.Equal(4, parsed.Parameters.SymbolsPerBlock);
        Assert.Equal(0.03, parsed.Parameters.C);
        Assert.Equal(0.5, parsed.Parameters.Delta);
        Assert.Equal(1u, parsed.BlockIndex);
    }
}
