using FsCheck;
using FsCheck.Fluent;
using Fountain.Codec.Artwork;
using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;
using Fountain.Codec.Tests.Support;

namespace Fountain.Codec.Tests.Lt;

/// <summary>Encode then decode, over sizes at the edges of the layout and over random loss patterns.</summary>
public class RoundTripTests
{
    public static TheoryData<int> EdgeSizes()
    {
        var layout = V1TestSupport.SmallBlocks.LayoutFor(100_000);
        return new TheoryData<int>
        {
            0, 1, 31, 32, 33,
            layout.SymbolBytes * 7, layout.SymbolBytes * 7 + 1,
            V1TestSupport.SmallBlocks.MaxBlockBytes, V1TestSupport.SmallBlocks.MaxBlockBytes * 3, V1TestSupport.SmallBlocks.MaxBlockBytes * 3 - 1,
            100_000,
        };
    }

    [Theory]
    [MemberData(nameof(EdgeSizes))]
    public void Every_edge_size_round_trips_bit_exact(int size)
    {
        var archive = V1TestSupport.RandomBytes(size, size);
        var blocks = V1TestSupport.Encode(archive);
        var decoder = V1TestSupport.Decode(Sha3.Hash(archive), blocks.OrderBy(b => Sha3.Hash(b.Bytes).Prefix64));
        Assert.True(decoder.IsComplete, $"size {size}: {decoder.BlocksUsed} of {blocks.Count} blocks did not decode");
        Assert.Equal(archive, decoder.Archive.ToArray());
    }

    [Fact]
    public void Several_mebibytes_round_trip_with_the_default_layout_from_a_quarter_of_the_blocks()
    {
        var archive = V1TestSupport.RandomBytes(5 * 1024 * 1024 + 12345, 5);
        var blocks = V1TestSupport.Encode(archive, layout: new LtLayoutPolicy());
        var survivors = blocks.OrderBy(_ => Random.Shared.Next()).Take(blocks.Count / 4);
        var decoder = V1TestSupport.Decode(Sha3.Hash(archive), survivors);
        Assert.True(decoder.IsComplete);
        Assert.Equal(archive, decoder.Archive.ToArray());
        Assert.InRange(decoder.BytesUsed / (double)archive.Length, 1.0, 1.3);
    }

    [Fact]
    public void Small_archives_still_get_the_full_redundancy_in_several_blocks()
    {
        foreach (int size in new[] { 1, 1000, 170_000 })
        {
            var layout = new LtLayoutPolicy().LayoutFor(size);
            int blocks = layout.BlockCountFor(12);
            Assert.True(blocks >= 12, $"{size} bytes gave only {blocks} blocks");
            // At least 12x the archive, and not much more than that beyond the smallest symbols and blocks.
            long total = (long)blocks * layout.BlockPayloadBytes;
            Assert.InRange(total, 12L * size, 13L * size + 12L * 4096);
        }
    }

    [Fact]
    public void Any_random_loss_that_leaves_enough_blocks_decodes_bit_exact()
    {
        // Property: for random archives and a random order of a random subset holding at least 60% of the blocks
        // (5x the archive at redundancy 8), the decode completes and is bit-exact. Sizes up to 200 KB, small blocks.
        var property = Prop.ForAll<int, int, int>((sizeRaw, seedRaw, keepRaw) =>
        {
            int size = (int)((uint)sizeRaw % 200_000);
            var random = new Random(seedRaw);
            var archive = V1TestSupport.RandomBytes(size, seedRaw);
            var blocks = V1TestSupport.Encode(archive, redundancy: 8);
            double keep = 0.6 + (uint)keepRaw % 40 / 100.0;
            var survivors = blocks.OrderBy(_ => random.Next()).Take((int)Math.Ceiling(blocks.Count * keep)).ToList();
            var decoder = V1TestSupport.Decode(Sha3.Hash(archive), survivors);
            return decoder.IsComplete && decoder.Archive.Span.SequenceEqual(archive);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(40), property);
    }

    [Fact]
    public void Decoding_does_not_depend_on_block_order()
    {
        var archive = V1TestSupport.RandomBytes(50_000, 3);
        var blocks = V1TestSupport.Encode(archive);
        var forward = V1TestSupport.Decode(Sha3.Hash(archive), blocks);
        var backward = V1TestSupport.Decode(Sha3.Hash(archive), Enumerable.Reverse(blocks));
        Assert.Equal(forward.Archive.ToArray(), backward.Archive.ToArray());
    }

    [Fact]
    public void Too_few_blocks_leave_the_decoder_incomplete_and_say_how_many_more_at_least()
    {
        var archive = V1TestSupport.RandomBytes(60_000, 9);
        var blocks = V1TestSupport.Encode(archive);
        var parameters = V1TestSupport.SmallBlocks.LayoutFor(archive.Length);
        int needAtLeast = (int)Math.Ceiling(parameters.SourceSymbols / (double)parameters.SymbolsPerBlock);
        var decoder = V1TestSupport.Decode(Sha3.Hash(archive), blocks.Take(needAtLeast - 1));
        Assert.False(decoder.IsComplete);
        Assert.True(decoder.MinimumMoreBlocks >= 1);
        Assert.Throws<InvalidOperationException>(() => decoder.Archive);
    }

    [Fact]
    public void Fresh_blocks_with_new_indices_decode_together_with_old_ones()
    {
        // Healing makes blocks with indices never used before: they must mix with the original set.
        var archive = V1TestSupport.RandomBytes(80_000, 11);
        var id = Sha3.Hash(archive);
        var original = V1TestSupport.Encode(archive, redundancy: 2);
        var parameters = V1TestSupport.SmallBlocks.LayoutFor(archive.Length);
        var fresh = new List<V1TestSupport.Block>();
        ArtworkEncoder.EncodeRange(archive, id, parameters, (uint)original.Count + 1, original.Count, new EncodeOptions(), (h, bid, b) => { lock (fresh) fresh.Add(new(b.ToArray(), bid, h.BlockIndex)); return null; });
        Assert.Empty(fresh.Select(f => f.Id).Intersect(original.Select(o => o.Id)));
        var mixed = original.Take(original.Count / 2).Concat(fresh.Take(fresh.Count / 2 + 2));
        var decoder = V1TestSupport.Decode(id, mixed);
        Assert.True(decoder.IsComplete);
        Assert.Equal(archive, decoder.Archive.ToArray());
    }

    [Fact]
    public void Sampled_degrees_follow_the_robust_soliton()
    {
        // Frequencies of the commonest degrees and of the spike must match the distribution within 5 standard
        // deviations; the probabilities themselves must match Luby's formulas for rho + tau, normalised.
        const int k = 4096;
        var soliton = new RobustSoliton(k, 0.03, 0.5);
        double s = 0.03 * Math.Log(k / 0.5) * Math.Sqrt(k);
        int pivot = (int)Math.Floor(k / s);
        double beta = Enumerable.Range(1, k).Sum(d => Rho(d) + Tau(d));
        double Rho(int d) => d == 1 ? 1.0 / k : 1.0 / ((double)d * (d - 1));
        double Tau(int d) => d < pivot ? s / ((double)k * d) : d == pivot ? s * Math.Log(s / 0.5) / k : 0;
        foreach (int d in new[] { 1, 2, 3, 10, pivot, pivot + 1 })
            Assert.Equal((Rho(d) + Tau(d)) / beta, soliton.Probability(d), 1e-9);

        var random = new SplitMix64(77);
        const int samples = 400_000;
        var counts = new int[k + 1];
        for (int i = 0; i < samples; i++) counts[soliton.Sample((uint)(random.Next() >> 32))]++;
        foreach (int d in new[] { 1, 2, 3, pivot })
        {
            double p = soliton.Probability(d);
            double sigma = Math.Sqrt(samples * p * (1 - p));
            Assert.InRange(counts[d], samples * p - 5 * sigma, samples * p + 5 * sigma);
        }
    }

    [Fact]
    public void Neighbours_are_distinct_in_range_and_reproducible()
    {
        var sampler = new NeighbourSampler(new RobustSoliton(500, 0.03, 0.5));
        var a = new int[500];
        var b = new int[500];
        for (ulong seed = 0; seed < 2000; seed++)
        {
            int degree = sampler.Sample(seed, a);
            Assert.Equal(degree, a[..degree].Distinct().Count());
            Assert.All(a[..degree], n => Assert.InRange(n, 0, 499));
            Assert.Equal(degree, sampler.Sample(seed, b));
            Assert.Equal(a[..degree], b[..degree]);
        }
    }
}
