using Fountain.Codec.Legacy;
using static Fountain.Codec.Tests.Legacy.PastelV0TestSupport;

namespace Fountain.Codec.Tests.Legacy;

public sealed class PastelV0EncoderValidationTests
{
    private static void NoSink(string name, ReadOnlySpan<byte> bytes) => throw new InvalidOperationException("nothing may be written");

    [Fact]
    public void An_empty_archive_is_refused_like_the_reference_which_cannot_encode_it()
    {
        var error = Assert.Throws<ArgumentException>(() => PastelV0Encoder.Encode([], 1000, 12, 1, NoSink));
        Assert.Contains("empty archive", error.Message);
    }

    [Theory]
    [InlineData(44)]
    [InlineData(0)]
    [InlineData(-5)]
    public void Block_sizes_without_room_for_a_payload_are_refused(int blockSize)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PastelV0Encoder.Encode([1, 2, 3], blockSize, 12, 1, NoSink));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e12)]
    public void Redundancies_that_are_not_positive_finite_or_that_overflow_the_index_are_refused(double redundancy)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PastelV0Encoder.Encode([1, 2, 3], 100, redundancy, 1, NoSink));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(2147483647u)]
    public void Seeds_outside_the_generator_range_are_refused(uint seed)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PastelV0Encoder.Encode([1, 2, 3], 100, 12, seed, NoSink));
        Assert.Throws<ArgumentOutOfRangeException>(() => PastelV0Encoder.EncodeWithSeeds([1, 2, 3], 100, [5, seed], NoSink));
    }

    [Fact]
    public void Too_many_source_symbols_are_refused()
    {
        var limits = PastelV0Limits.Default with { MaxSourceSymbols = 2 };
        Assert.Throws<ArgumentOutOfRangeException>(() => PastelV0Encoder.Encode(new byte[3], 45, 1, 1, NoSink, limits));
    }

    [Theory]
    [InlineData(1, 2_048_044, 12.0, 1)]
    [InlineData(170_000, 2_048_044, 12.0, 1)]
    [InlineData(20_100_000, 2_048_044, 12.0, 118)]
    [InlineData(100, 54, 0.1, 1)]
    public void Block_count_follows_the_reference_formula(long length, int blockSize, double redundancy, int expected)
    {
        Assert.Equal(expected, PastelV0Encoder.BlockCount(length, blockSize, redundancy));
    }

    [Fact]
    public void Encoding_with_explicit_seeds_regenerates_the_same_blocks()
    {
        var archive = RandomArchive(5000, 3);
        var blocks = Encode(archive, 244, 5.0, firstSeed: 31337);
        var seeds = blocks.Select(b => BitConverter.ToUInt32(b.Bytes, 8)).ToArray();
        var pick = new[] { seeds[7], seeds[3], seeds[20] };
        var again = new List<byte[]>();
        PastelV0Encoder.EncodeWithSeeds(archive, 244, pick, (_, bytes) => again.Add(bytes.ToArray()));
        Assert.Equal(new[] { blocks[7].Bytes, blocks[3].Bytes, blocks[20].Bytes }, again);
    }

    [Fact]
    public void Drawn_first_seeds_stay_in_the_reference_range_and_skip_zero()
    {
        var random = new Random(1);
        for (int i = 0; i < 10_000; i++)
        {
            Assert.InRange(PastelV0Encoder.DrawFirstSeed(random), 1u, 1u << 30);
        }
    }
}
