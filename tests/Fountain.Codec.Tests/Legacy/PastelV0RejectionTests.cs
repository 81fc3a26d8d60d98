using System.Buffers.Binary;
using Fountain.Codec.Legacy;
using static Fountain.Codec.Tests.Legacy.PastelV0TestSupport;

namespace Fountain.Codec.Tests.Legacy;

/// <summary>Corrupted, tampered, foreign and hostile blocks are refused with a reason and change nothing.</summary>
public sealed class PastelV0RejectionTests
{
    private static readonly byte[] Archive = RandomArchive(10_000, 7);
    private static readonly List<EncodedBlock> Blocks = Encode(Archive, 500 + 44, 4.0, firstSeed: 4242);

    [Fact]
    public void A_flipped_payload_bit_is_refused_with_and_without_a_name()
    {
        var bytes = Blocks[0].Bytes.ToArray();
        bytes[44 + 123] ^= 0x01;
        AssertRefused(bytes, Blocks[0].Name, "payload does not match");
        AssertRefused(bytes, null, "payload does not match");
    }

    [Fact]
    public void A_tampered_seed_is_caught_by_the_name_hash()
    {
        // The header's hash covers only the payload, so a changed seed passes it; the name's BlockHash does not.
        var bytes = Blocks[1].Bytes.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)) + 1);
        AssertRefused(bytes, Blocks[1].Name, "BlockHash");
    }

    [Fact]
    public void A_tampered_archive_length_is_refused_by_name_and_by_consistency()
    {
        var bytes = Blocks[2].Bytes.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)Archive.Length + 1);
        AssertRefused(bytes, Blocks[2].Name, "BlockHash");

        var decoder = new PastelV0Decoder();
        Assert.True(decoder.TryAdd(Blocks[0].Bytes, null, out _));
        Assert.False(decoder.TryAdd(bytes, null, out string? reason));
        Assert.Contains("inconsistent header", reason);
        Assert.Equal(1, decoder.AcceptedBlocks);
    }

    [Fact]
    public void A_tampered_payload_hash_is_refused()
    {
        var bytes = Blocks[3].Bytes.ToArray();
        bytes[12] ^= 0x80;
        AssertRefused(bytes, null, "payload does not match");
    }

    [Theory]
    [InlineData(0u, "empty archive")]
    [InlineData(uint.MaxValue, "above the limit")]
    public void Impossible_archive_lengths_are_refused(uint archiveLength, string expected)
    {
        var bytes = Blocks[0].Bytes.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, archiveLength);
        AssertRefused(bytes, null, expected);
    }

    [Theory]
    [InlineData(0u, "payload of 0 bytes")]
    [InlineData(499u, "unexpected trailing bytes")]
    [InlineData(501u, "truncated")]
    [InlineData(uint.MaxValue, "above the limit")]
    public void Payload_sizes_that_do_not_match_the_block_are_refused(uint payloadBytes, string expected)
    {
        var bytes = Blocks[0].Bytes.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), payloadBytes);
        AssertRefused(bytes, null, expected);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(2147483647u)]
    [InlineData(uint.MaxValue)]
    public void Seeds_no_encoder_writes_are_refused(uint seed)
    {
        var bytes = Blocks[0].Bytes.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), seed);
        AssertRefused(bytes, null, "seed");
    }

    [Fact]
    public void Source_symbol_limit_is_enforced()
    {
        var limits = PastelV0Limits.Default with { MaxSourceSymbols = 19 };
        var decoder = new PastelV0Decoder(limits);
        Assert.False(decoder.TryAdd(Blocks[0].Bytes, Blocks[0].Name, out string? reason));
        Assert.Contains("20 source symbols", reason);
    }

    [Fact]
    public void Duplicates_and_blocks_named_for_another_archive_are_refused()
    {
        var decoder = new PastelV0Decoder();
        Assert.True(decoder.TryAdd(Blocks[0].Bytes, Blocks[0].Name, out _));
        Assert.False(decoder.TryAdd(Blocks[0].Bytes, null, out string? duplicate));
        Assert.Contains("duplicate", duplicate);

        var other = Encode(RandomArchive(10_000, 8), 500 + 44, 4.0, firstSeed: 99);
        Assert.False(decoder.TryAdd(other[0].Bytes, other[0].Name, out string? foreign));
        Assert.Contains("another archive", foreign);
        Assert.Equal(1, decoder.AcceptedBlocks);
    }

    [Fact]
    public void An_expected_archive_hash_refuses_other_archives_from_the_first_block()
    {
        var other = Encode(RandomArchive(10_000, 8), 500 + 44, 4.0, firstSeed: 99);
        var decoder = new PastelV0Decoder(expectedArchiveSha3Hex: Blocks[0].Name.Split("__")[1].ToUpperInvariant());
        Assert.False(decoder.TryAdd(other[0].Bytes, other[0].Name, out string? reason));
        Assert.Contains("another archive", reason);
        Assert.Equal(0, decoder.SourceSymbols);
    }

    [Fact]
    public void A_forged_block_with_a_valid_payload_hash_cannot_smuggle_a_wrong_archive_out()
    {
        // Without file names the header is all there is. A forger gives a real payload a seed of degree 1, so it
        // claims to be a source symbol it is not; its payload hash still holds and peeling cannot tell, but the
        // archive it produces is wrong, and the expected archive hash catches that.
        string archiveHex = Blocks[0].Name.Split("__")[1];
        var selector = new PastelV0SymbolSelector(20);
        uint forgedSeed = 1;
        while (selector.Select(forgedSeed, out _).Length != 1)
        {
            forgedSeed++;
        }

        var forged = Blocks[0].Bytes.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(forged.AsSpan(8), forgedSeed);
        var decoder = new PastelV0Decoder(expectedArchiveSha3Hex: archiveHex);
        Assert.True(decoder.TryAdd(forged, null, out _));
        Assert.Equal(1, decoder.KnownSourceSymbols);
        foreach (var block in Blocks.Skip(1))
        {
            if (decoder.IsComplete)
            {
                break;
            }

            decoder.TryAdd(block.Bytes, null, out _);
        }

        Assert.True(decoder.IsComplete);
        var error = Assert.Throws<InvalidDataException>(() => decoder.GetArchive());
        Assert.Contains(archiveHex, error.Message);
    }

    [Fact]
    public void Random_and_truncated_input_never_crashes_and_is_never_accepted()
    {
        var random = new Random(1234);
        var decoder = new PastelV0Decoder();
        for (int i = 0; i < 2000; i++)
        {
            byte[] junk;
            switch (i % 4)
            {
                case 0:
                    junk = new byte[random.Next(0, 700)];
                    random.NextBytes(junk);
                    break;
                case 1:
                    junk = Blocks[i % Blocks.Count].Bytes[..random.Next(0, 544)];
                    break;
                case 2:
                    junk = Blocks[i % Blocks.Count].Bytes.ToArray();
                    junk[random.Next(junk.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                default:
                    // A plausible header (small lengths, valid seed) over random bytes.
                    junk = new byte[44 + random.Next(1, 64)];
                    random.NextBytes(junk);
                    BinaryPrimitives.WriteUInt32LittleEndian(junk, (uint)random.Next(1, 5000));
                    BinaryPrimitives.WriteUInt32LittleEndian(junk.AsSpan(4), (uint)(junk.Length - 44));
                    BinaryPrimitives.WriteUInt32LittleEndian(junk.AsSpan(8), (uint)random.Next(1, int.MaxValue));
                    break;
            }

            // A flipped header bit passes the payload hash (it covers only the payload), so flipped blocks keep
            // their name, whose BlockHash covers everything; other junk goes with or without a name.
            string? name = i % 4 == 2 || random.Next(2) == 0 ? Blocks[i % Blocks.Count].Name : null;
            bool accepted = decoder.TryAdd(junk, name, out string? reason);
            Assert.False(accepted, $"junk #{i} was accepted");
            Assert.False(string.IsNullOrWhiteSpace(reason));
        }

        Assert.Equal(0, decoder.AcceptedBlocks);
        Assert.Equal(0, decoder.SourceSymbols);
    }

    [Fact]
    public void A_complete_decoder_refuses_more_blocks_and_an_incomplete_one_refuses_to_return_an_archive()
    {
        var decoder = new PastelV0Decoder();
        Assert.Throws<InvalidOperationException>(() => decoder.GetArchive());
        foreach (var block in Blocks)
        {
            if (decoder.IsComplete)
            {
                Assert.False(decoder.TryAdd(block.Bytes, block.Name, out string? reason));
                Assert.Contains("already complete", reason);
                break;
            }

            decoder.TryAdd(block.Bytes, block.Name, out _);
        }

        Assert.Equal(Archive, decoder.GetArchive());
    }

    private static void AssertRefused(byte[] bytes, string? name, string expectedReason)
    {
        var decoder = new PastelV0Decoder();
        Assert.False(decoder.TryAdd(bytes, name, out string? reason));
        Assert.Contains(expectedReason, reason);
        Assert.Equal(0, decoder.AcceptedBlocks);
        Assert.Equal(0, decoder.SourceSymbols);
        Assert.False(PastelV0Block.TryVerify(bytes, name, null, out _, out _, out _));
    }
}
