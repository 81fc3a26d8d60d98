using Fountain.Codec.Artwork;
using Fountain.Codec.Hashing;
using Fountain.Codec.Legacy;
using Fountain.Codec.Tests.Legacy;
using Fountain.Codec.Tests.Support;

namespace Fountain.Codec.Tests.Lt;

/// <summary>
/// "At least N more blocks needed" must be a true lower bound (issue 14.2: with 12 valid blocks decode said 16 more,
/// and 5 more were enough). It used to count the symbols already decoded, which lag behind the symbols received:
/// peeling releases most of them only near the end. Checked against real decodes: after every block of a random
/// order, the bound may not exceed how many further blocks that same order actually needed.
/// </summary>
public class MinimumMoreBlocksTests
{
    [Theory]
    [InlineData(60_000, 1)]
    [InlineData(60_000, 2)]
    [InlineData(150_000, 3)]
    [InlineData(5_000, 4)]
    public void The_v1_bound_never_exceeds_the_blocks_a_real_decode_still_needed(int size, int seed)
    {
        var archive = V1TestSupport.RandomBytes(size, seed);
        var blocks = V1TestSupport.Encode(archive);
        var random = new Random(seed);
        for (int trial = 0; trial < 5; trial++)
        {
            var order = blocks.OrderBy(_ => random.Next()).ToList();
            var decoder = new ArtworkDecoder(Sha3.Hash(archive));
            var bounds = new List<int> { decoder.MinimumMoreBlocks };
            foreach (var block in order)
            {
                decoder.Offer(block.Bytes, block.Id);
                bounds.Add(decoder.MinimumMoreBlocks);
                if (decoder.IsComplete) break;
            }
            Assert.True(decoder.IsComplete);
            int used = bounds.Count - 1;
            for (int i = 0; i < bounds.Count; i++)
                Assert.True(bounds[i] <= used - i, $"after {i} of the {used} blocks this order needed, the bound said {bounds[i]} more, but {used - i} were enough");
            Assert.Equal(0, bounds[^1]);
            Assert.True(bounds[..^1].All(b => b >= 1), "an incomplete decode needs at least one more block");
        }
    }

    [Fact]
    public void The_bound_counts_what_was_received_not_what_was_decoded()
    {
        // The situation of the issue: many blocks in, few symbols decoded yet. The bound may not ask for more blocks
        // than K symbols minus those already received could require.
        var archive = V1TestSupport.RandomBytes(150_000, 9);
        var blocks = V1TestSupport.Encode(archive);
        var decoder = new ArtworkDecoder(Sha3.Hash(archive));
        var p = V1TestSupport.SmallBlocks.LayoutFor(archive.Length);
        int received = 0;
        foreach (var block in blocks)
        {
            decoder.Offer(block.Bytes, block.Id);
            received++;
            if (decoder.IsComplete) break;
            long symbolsShort = Math.Max(0, p.SourceSymbols - (long)received * p.SymbolsPerBlock);
            int ceiling = (int)Math.Max(1, (symbolsShort + p.SymbolsPerBlock - 1) / p.SymbolsPerBlock);
            Assert.True(decoder.MinimumMoreBlocks <= ceiling, $"after {received} blocks: bound {decoder.MinimumMoreBlocks}, but K − received asks only {ceiling}");
        }
    }

    [Fact]
    public void The_pastel_v0_bound_never_exceeds_the_blocks_a_real_decode_still_needed()
    {
        var archive = PastelV0TestSupport.RandomArchive(30_000, 5);
        var blocks = PastelV0TestSupport.Encode(archive, blockSize: 1044, redundancy: 4, firstSeed: 12345);
        var random = new Random(5);
        for (int trial = 0; trial < 5; trial++)
        {
            var order = blocks.ToList();
            PastelV0TestSupport.Shuffle(order, random);
            var decoder = new PastelV0ArtworkDecoder(Sha3.Hash(archive));
            var bounds = new List<int> { decoder.MinimumMoreBlocks };
            foreach (var block in order)
            {
                decoder.Offer(block.Bytes, block.Name, default);
                bounds.Add(decoder.MinimumMoreBlocks);
                if (decoder.IsComplete) break;
            }
            Assert.True(decoder.IsComplete);
            int used = bounds.Count - 1;
            for (int i = 1; i < bounds.Count; i++)
                Assert.True(bounds[i] <= used - i, $"after {i} of the {used} blocks this order needed, the bound said {bounds[i]} more, but {used - i} were enough");
        }
    }

    [Fact]
    public void A_folder_decode_knows_the_bound_before_any_block_is_used()
    {
        var archive = V1TestSupport.RandomBytes(60_000, 12);
        var p = V1TestSupport.SmallBlocks.LayoutFor(archive.Length);
        var decoder = new ArtworkDecoder(Sha3.Hash(archive), parameters: p);
        Assert.Equal((p.SourceSymbols + p.SymbolsPerBlock - 1) / p.SymbolsPerBlock, decoder.MinimumMoreBlocks);
    }
}
