using System.Buffers.Binary;
using Fountain.Codec.Artwork;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;
using Fountain.Codec.Tests.Support;

namespace Fountain.Codec.Tests.Blocks;

/// <summary>
/// Headers whose numbers only agree with each other after a 32-bit overflow, or that describe a code this
/// implementation cannot hold, are refused with a reason instead of being decoded.
/// </summary>
public class HeaderRangeTests
{
    // 227 bytes in 128-byte symbols: K = 2. With L = 2^39 + 227, ⌈L/T⌉ = 2^32 + 2, which wraps to 2 in 32 bits.
    private static readonly byte[] Archive = V1TestSupport.RandomBytes(227, 227);
    private static readonly Hash256 ArtworkId = Sha3.Hash(Archive);
    private const ulong WrappingLength = (1UL << 39) + 227;

    private static byte[] WithArchiveLength(byte[] block, ulong archiveLength)
    {
        var copy = (byte[])block.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(copy.AsSpan(40), archiveLength);
        return copy;
    }

    [Fact]
    public void The_test_archive_has_the_shape_the_overflow_needs()
    {
        var parameters = V1TestSupport.SmallBlocks.LayoutFor(Archive.Length);
        Assert.Equal((2, 128), (parameters.SourceSymbols, parameters.SymbolBytes));
        Assert.Equal(2UL, (ulong)((WrappingLength + 127) / 128) & 0xFFFF_FFFF);
    }

    [Fact]
    public void A_header_whose_K_matches_only_after_32_bit_overflow_is_refused()
    {
        var header = WithArchiveLength(V1TestSupport.Encode(Archive)[0].Bytes, WrappingLength).AsSpan(0, BlockHeader.Size).ToArray();
        Assert.False(BlockHeader.TryParse(header, BlockLimits.Default, out var parsed, out var error));
        Assert.Null(parsed);
        Assert.Contains("does not cover", error);
    }

    [Fact]
    public void Blocks_rewritten_to_claim_an_overflowing_length_do_not_decode()
    {
        // The attacker rewrites every block's L and names each by its new hash: all self-consistent.
        var decoder = new ArtworkDecoder(ArtworkId);
        foreach (var block in V1TestSupport.Encode(Archive))
        {
            var forged = WithArchiveLength(block.Bytes, WrappingLength);
            var verdict = decoder.Offer(forged, Sha3.Hash(forged));
            Assert.Equal(BlockOutcome.Rejected, verdict.Outcome);
        }
        Assert.False(decoder.IsComplete);
    }

    [Fact]
    public void A_code_larger_than_one_decoder_holds_is_refused_by_the_parser_not_by_an_exception_later()
    {
        // L just above what a .NET array holds, with K and T consistent and within the configured limits.
        ulong length = (ulong)Array.MaxLength + 1;
        uint t = 1 << 20;
        uint k = (uint)((length + t - 1) / t);
        var block = V1TestSupport.Encode(Archive)[0].Bytes.AsSpan(0, BlockHeader.Size).ToArray();
        BinaryPrimitives.WriteUInt64LittleEndian(block.AsSpan(40), length);
        BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(48), k);
        BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(52), t);
        BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(56), 1);
        BinaryPrimitives.WriteUInt64LittleEndian(block.AsSpan(80), t);
        Assert.False(BlockHeader.TryParse(block, BlockLimits.Default, out _, out var error));
        Assert.Contains("larger than", error);

        // A whole block with that header: the decoder must say no, not throw.
        var whole = new byte[BlockHeader.Size + t];
        block.CopyTo(whole, 0);
        var verdict = new ArtworkDecoder().Offer(whole, Sha3.Hash(whole));
        Assert.Equal(BlockOutcome.Rejected, verdict.Outcome);
    }

    [Theory]
    [InlineData(0UL, 128u, 1u)]
    [InlineData(1UL, 128u, 1u)]
    [InlineData(128UL, 128u, 1u)]
    [InlineData(129UL, 128u, 2u)]
    [InlineData(1UL << 30, 1u << 20, 1024u)]
    [InlineData((1UL << 30) + 1, 1u << 20, 1025u)]
    public void Consistent_headers_at_the_edges_still_parse(ulong length, uint t, uint k)
    {
        var header = V1TestSupport.Encode(Archive)[0].Bytes.AsSpan(0, BlockHeader.Size).ToArray();
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(40), length);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(48), k);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(52), t);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(56), 1);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(80), t);
        Assert.True(BlockHeader.TryParse(header, BlockLimits.Default, out var parsed, out var error), error);
        Assert.Equal((long)length, parsed!.Parameters.ArchiveLength);
        Assert.Equal((int)k, parsed.Parameters.SourceSymbols);
    }

    [Fact]
    public void Source_symbol_counts_that_do_not_fit_are_an_error_not_a_wrapped_number()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LtParameters.SourceSymbolsFor((1L << 39) + 227, 128));
        Assert.Throws<ArgumentOutOfRangeException>(() => LtParameters.SourceSymbolsFor(long.MaxValue, 1 << 20));
        Assert.Equal(2, LtParameters.SourceSymbolsFor(227, 128));
        Assert.Equal(1, LtParameters.SourceSymbolsFor(0, 128));
    }
}
