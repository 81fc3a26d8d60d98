using System.Buffers.Binary;
using Fountain.Codec.Artwork;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;
using Fountain.Codec.Tests.Support;

namespace Fountain.Codec.Tests.Blocks;

/// <summary>Damaged, tampered, forged and malformed blocks are rejected with a reason and never change the result.</summary>
public class TamperTests
{
    private static readonly byte[] Archive = V1TestSupport.RandomBytes(40_000, 21);
    private static readonly Hash256 ArtworkId = Sha3.Hash(Archive);
    private static readonly List<V1TestSupport.Block> Blocks = V1TestSupport.Encode(Archive);

    [Fact]
    public void A_flipped_payload_bit_is_rejected()
    {
        var block = Blocks[0];
        var damaged = (byte[])block.Bytes.Clone();
        damaged[^1] ^= 0x01;
        var verdict = new ArtworkDecoder(ArtworkId).Offer(damaged, block.Id);
        Assert.Equal(BlockOutcome.Rejected, verdict.Outcome);
        Assert.Contains("corrupted", verdict.Reason);
    }

    public static TheoryData<int, string> HeaderFields() => new()
    {
        { 8, "artwork id" }, { 40, "archive length" }, { 48, "K" }, { 52, "T" }, { 56, "M" }, { 60, "c" }, { 64, "delta" }, { 68, "index" }, { 72, "seed" }, { 80, "payload length" },
    };

    [Theory]
    [MemberData(nameof(HeaderFields))]
    public void Every_tampered_header_field_is_rejected(int offset, string field)
    {
        var block = Blocks[1];
        var tampered = (byte[])block.Bytes.Clone();
        tampered[offset] ^= 0x01;
        var verdict = new ArtworkDecoder(ArtworkId).Offer(tampered, block.Id);
        Assert.False(verdict.Used, $"a block with a tampered {field} was used");
    }

    [Fact]
    public void A_forged_block_that_names_its_own_hash_but_describes_another_code_is_rejected()
    {
        // An attacker can make a block whose id matches its content; it must still agree with the other blocks.
        var decoder = new ArtworkDecoder(ArtworkId);
        Assert.True(decoder.Offer(Blocks[0].Bytes, Blocks[0].Id).Used);
        var forged = (byte[])Blocks[1].Bytes.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(forged.AsSpan(60), 40_000); // c = 0.04 instead of 0.03
        var verdict = decoder.Offer(forged, Sha3.Hash(forged));
        Assert.Equal(BlockOutcome.Rejected, verdict.Outcome);
        Assert.Contains("parameters differ", verdict.Reason);
    }

    [Fact]
    public void Blocks_of_another_artwork_are_foreign()
    {
        var other = V1TestSupport.Encode(V1TestSupport.RandomBytes(1000, 99))[0];
        Assert.Equal(BlockOutcome.Foreign, new ArtworkDecoder(ArtworkId).Offer(other.Bytes, other.Id).Outcome);
    }

    [Fact]
    public void The_same_block_twice_is_a_duplicate()
    {
        var decoder = new ArtworkDecoder(ArtworkId);
        Assert.True(decoder.Offer(Blocks[2].Bytes, Blocks[2].Id).Used);
        Assert.Equal(BlockOutcome.Duplicate, decoder.Offer(Blocks[2].Bytes, Blocks[2].Id).Outcome);
    }

    [Fact]
    public void Truncated_and_extended_blocks_are_rejected()
    {
        var block = Blocks[3];
        var decoder = new ArtworkDecoder(ArtworkId);
        Assert.Equal(BlockOutcome.Rejected, decoder.Offer(block.Bytes.AsSpan(0, block.Bytes.Length - 1), block.Id).Outcome);
        Assert.Equal(BlockOutcome.Rejected, decoder.Offer(block.Bytes.Concat(new byte[1]).ToArray(), block.Id).Outcome);
        Assert.Equal(BlockOutcome.Rejected, decoder.Offer(block.Bytes.AsSpan(0, 50), block.Id).Outcome);
        Assert.Equal(BlockOutcome.Rejected, decoder.Offer([], block.Id).Outcome);
    }

    [Fact]
    public void Random_garbage_never_crashes_the_parser_or_the_decoder()
    {
        var random = new Random(5);
        var decoder = new ArtworkDecoder();
        for (int i = 0; i < 3000; i++)
        {
            var junk = new byte[random.Next(0, 400)];
            random.NextBytes(junk);
            if (random.Next(3) == 0 && junk.Length >= 4) "FTNB"u8.CopyTo(junk);
            if (random.Next(3) == 0) Blocks[0].Bytes.AsSpan(0, Math.Min(junk.Length, BlockHeader.Size)).CopyTo(junk);
            Assert.False(decoder.Offer(junk, Sha3.Hash(junk)).Used);
        }
    }

    [Fact]
    public void Headers_that_ask_for_absurd_sizes_are_refused_before_anything_is_allocated()
    {
        var header = Blocks[0].Bytes.AsSpan(0, BlockHeader.Size).ToArray();
        void Set(int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(offset), value);
        Set(52, uint.MaxValue); // T
        Assert.False(BlockHeader.TryParse(header, BlockLimits.Default, out _, out var error));
        Assert.Contains("symbol size", error);
        header = Blocks[0].Bytes.AsSpan(0, BlockHeader.Size).ToArray();
        Set(48, uint.MaxValue); // K
        Assert.False(BlockHeader.TryParse(header, BlockLimits.Default, out _, out _));
        header = Blocks[0].Bytes.AsSpan(0, BlockHeader.Size).ToArray();
        header[90] = 1; // reserved
        Assert.False(BlockHeader.TryParse(header, BlockLimits.Default, out _, out error));
        Assert.Contains("reserved", error);
    }

    [Fact]
    public void File_names_round_trip_and_strangers_do_not_parse()
    {
        var name = BlockFileName.Format(ArtworkId, 7, Blocks[0].Id);
        Assert.Equal($"FileHash__{ArtworkId}__Block__000000007__BlockHash_{Blocks[0].Id}.block", name);
        Assert.True(BlockFileName.TryParse("/some/folder/" + name, out var artwork, out var index, out var hash));
        Assert.Equal((ArtworkId, 7u, Blocks[0].Id), (artwork, index, hash));
        Assert.False(BlockFileName.TryParse(name.Replace("000000007", "7"), out _, out _, out _));
        Assert.False(BlockFileName.TryParse(name.ToUpperInvariant(), out _, out _, out _));
        Assert.False(BlockFileName.TryParse(name + ".partial", out _, out _, out _));
    }
}
