using System.Text;
using Fountain.Codec.Hashing;
using Fountain.Codec.Legacy;
using static Fountain.Codec.Tests.Legacy.PastelV0TestSupport;

namespace Fountain.Codec.Tests.Legacy;

/// <summary>Blocks the reference program wrote decode here, and blocks written here are the reference's bytes.</summary>
public sealed class PastelV0InteropTests
{
    private static readonly byte[] TinyArchive = Convert.FromHexString(PastelV0ReferenceVectors.TinyArchiveHex);

    [Fact]
    public void Encoding_the_tiny_vector_reproduces_the_reference_blocks_and_names_byte_for_byte()
    {
        var blocks = Encode(TinyArchive, PastelV0ReferenceVectors.TinyBlockSize, PastelV0ReferenceVectors.TinyRedundancy,
            PastelV0ReferenceVectors.TinyFirstSeed);

        Assert.Equal(PastelV0ReferenceVectors.TinyBlocksHex, blocks.Select(b => Convert.ToHexStringLower(b.Bytes)));
        Assert.Equal(PastelV0ReferenceVectors.TinyNames, blocks.Select(b => b.Name));
    }

    [Fact]
    public void Reference_blocks_decode_in_any_order()
    {
        var reference = PastelV0ReferenceVectors.TinyBlocksHex
            .Select((hex, i) => new EncodedBlock(PastelV0ReferenceVectors.TinyNames[i], Convert.FromHexString(hex)))
            .ToList();
        var random = new Random(20261121);
        for (int trial = 0; trial < 50; trial++)
        {
            Shuffle(reference, random);
            var decoder = DecodeAll(reference);
            Assert.True(decoder.IsComplete);
            Assert.Equal(TinyArchive, decoder.GetArchive());
        }
    }

    [Fact]
    public void Reference_blocks_decode_without_their_names()
    {
        var decoder = new PastelV0Decoder();
        foreach (string hex in PastelV0ReferenceVectors.TinyBlocksHex)
        {
            if (!decoder.IsComplete)
            {
                Assert.True(decoder.TryAdd(Convert.FromHexString(hex), null, out string? reason), reason);
            }
        }

        Assert.Equal(TinyArchive, decoder.GetArchive());
    }

    /// <summary>
    /// Whole encodes produced by the reference <c>encode</c> with a fixed first seed (Python driver outside the
    /// repository), recorded as the SHA3-256 of all blocks concatenated and of all demo-style names concatenated.
    /// The third column is luby.py's end_block_size, header included.
    /// </summary>
    [Theory]
    [InlineData(200_000, 4140, 12.0, 987654321u, 586, "02a4bd9e2796721a4227972ae37d5c0cc80a2958737bfdbf06931cb80d42ac0a", "e181b83e321376409cfcff5f52f0390cf452c804c912125ab63f735743dbfbc7")]
    [InlineData(600_000, 1044, 1.5, 1u, 900, "c64550b59228779d760263cdafea5751b89876afbdd9e48d278482210d770179", "e6dc65ad76e328806240525bb2866681c13b79f3a8b80dcb1f50cd6ba59451d4")]
    [InlineData(1_000_003, 250_044, 12.0, 1u << 30, 49, "972cd34d8eaa19d7381e1b45e45e22bd02795feda26989aac448e89799e64a51", "f9ea1fe7b7e23d67ecdf9e8c520f2a57c78f9112ca2cc8ae007d7f3587d57408")]
    [InlineData(1, 2_048_044, 12.0, 5u, 1, "b2ed76fb81f8c89e900bb99755c3419507838641cb81946493753d8c2e5e5d5f", "34fc626a4d3c9eee85d21f15fe3cdeda1be9d5375a4760719bdb8da07b3fc82d")]
    public void Whole_encodes_match_the_reference(int length, int blockSize, double redundancy, uint firstSeed, int blockCount, string blocksSha3, string namesSha3)
    {
        var archive = PatternArchive(length);
        using var allBlocks = Sha3.CreateIncremental();
        var names = new StringBuilder();
        var result = PastelV0Encoder.Encode(archive, blockSize, redundancy, firstSeed, (name, bytes) =>
        {
            allBlocks.AppendData(bytes);
            names.Append(name);
        });

        Assert.Equal(blockCount, result.BlockCount);
        Assert.Equal(blocksSha3, Sha3.Finish(allBlocks).ToString());
        Assert.Equal(namesSha3, Sha3.HashHex(Encoding.ASCII.GetBytes(names.ToString())));
    }
}
