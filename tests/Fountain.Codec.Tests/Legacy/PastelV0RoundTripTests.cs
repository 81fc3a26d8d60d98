using FsCheck;
using FsCheck.Fluent;
using Fountain.Codec.Legacy;
using static Fountain.Codec.Tests.Legacy.PastelV0TestSupport;

namespace Fountain.Codec.Tests.Legacy;

public sealed class PastelV0RoundTripTests
{
    [Theory]
    [InlineData(1, 2_048_044, 12.0)]        // one byte: a single block, as the demo gave small files
    [InlineData(1, 45, 12.0)]               // one byte, one-byte symbols
    [InlineData(100, 45, 3.0)]              // K = 100 one-byte symbols
    [InlineData(4096, 4096 + 44, 12.0)]     // exactly one symbol
    [InlineData(3 * 4096, 4096 + 44, 12.0)] // an exact multiple of the symbol size: no padding
    [InlineData(3 * 4096 + 1, 4096 + 44, 12.0)]
    [InlineData(3 * 4096 - 1, 4096 + 44, 12.0)]
    [InlineData(5 << 20, 2_048_044, 12.0)]  // several MiB with the demo's 2,048,000-byte symbols (K = 3)
    [InlineData(4 << 20, (64 << 10) + 44, 3.0)] // several MiB, K = 64
    public void Round_trip_in_shuffled_order(int length, int blockSize, double redundancy)
    {
        var archive = RandomArchive(length, length);
        var blocks = Encode(archive, blockSize, redundancy, firstSeed: 1 + (uint)length % 1_000_000);
        Assert.Equal(PastelV0Encoder.BlockCount(length, blockSize, redundancy), blocks.Count);
        Assert.All(blocks, b => Assert.Equal(blockSize, b.Bytes.Length));

        Shuffle(blocks, new Random(length));
        var decoder = DecodeAll(blocks);
        Assert.True(decoder.IsComplete, $"{decoder.KnownSourceSymbols} of {decoder.SourceSymbols} symbols from {blocks.Count} blocks");
        Assert.Equal(archive, decoder.GetArchive());
        Assert.Equal(blocks[0].Name.Split("__")[1], decoder.ArchiveSha3Hex);
    }

    [Fact]
    public void The_last_symbol_is_padded_with_ascii_zero()
    {
        // K = 1 and the block count is 1, so the only block is the single padded symbol itself.
        var blocks = Encode([0xAA, 0xBB], 44 + 5, 1.0, firstSeed: 77);
        Assert.Single(blocks);
        Assert.Equal(new byte[] { 0xAA, 0xBB, 0x30, 0x30, 0x30 }, blocks[0].Bytes[44..]);
    }

    [Fact]
    public void Random_loss_either_decodes_exactly_or_reports_incomplete_and_never_depends_on_order()
    {
        var property = Prop.ForAll<int, int, int>((lengthRaw, payloadRaw, seedRaw) =>
        {
            int length = 1 + (int)((uint)lengthRaw % 20_000);
            int payload = 1 + (int)((uint)payloadRaw % 600);
            var archive = RandomArchive(length, seedRaw);
            var random = new Random(seedRaw);
            double loss = random.Next(90) / 100.0;
            var blocks = Encode(archive, payload + 44, 6.0, PastelV0Encoder.DrawFirstSeed(random));
            var kept = blocks.Where(_ => random.NextDouble() >= loss).ToList();

            var forward = Feed(kept);
            Shuffle(kept, random);
            var shuffled = Feed(kept);

            // Peeling recovers the same symbols whatever the order (it computes a closure), so both runs agree.
            bool sameOutcome = forward.IsComplete == shuffled.IsComplete
                && (forward.IsComplete || forward.KnownSourceSymbols == shuffled.KnownSourceSymbols);
            bool exact = !forward.IsComplete || forward.GetArchive().AsSpan().SequenceEqual(archive);
            bool refusesEarlyRead = forward.IsComplete || Throws<InvalidOperationException>(() => forward.GetArchive());
            return sameOutcome && exact && refusesEarlyRead;
        });
        Check.QuickThrowOnFailure(property);
    }

    [Fact]
    public void Decodes_after_the_seed_demos_loss_of_75_percent_of_blocks()
    {
        // The seed's demonstration: 12x redundancy, 75 % of the blocks deleted. 400 KB in 4 KiB symbols (K = 98).
        var archive = RandomArchive(400_000, 75);
        var random = new Random(75);
        var blocks = Encode(archive, 4096 + 44, 12.0, PastelV0Encoder.DrawFirstSeed(random));
        Shuffle(blocks, random);
        var decoder = DecodeAll(blocks.Take(blocks.Count / 4));
        Assert.True(decoder.IsComplete);
        Assert.Equal(archive, decoder.GetArchive());
    }

    private static PastelV0Decoder Feed(IEnumerable<EncodedBlock> blocks)
    {
        var decoder = new PastelV0Decoder();
        foreach (var block in blocks)
        {
            if (!decoder.TryAdd(block.Bytes, block.Name, out string? reason) && !decoder.IsComplete)
            {
                throw new InvalidOperationException("an intact block was refused: " + reason);
            }
        }

        return decoder;
    }

    private static bool Throws<T>(Action action) where T : Exception
    {
        try
        {
            action();
            return false;
        }
        catch (T)
        {
            return true;
        }
    }
}
