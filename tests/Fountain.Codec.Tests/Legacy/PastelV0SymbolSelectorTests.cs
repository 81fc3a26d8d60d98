using FsCheck;
using FsCheck.Fluent;
using Fountain.Codec.Legacy;

namespace Fountain.Codec.Tests.Legacy;

public sealed class PastelV0SymbolSelectorTests
{
    [Fact]
    public void Chained_seeds_degrees_and_neighbours_match_the_reference()
    {
        foreach (var (k, firstSeed, blocks) in PastelV0ReferenceVectors.Chains)
        {
            var selector = new PastelV0SymbolSelector(k);
            uint seed = firstSeed;
            foreach (var (expectedSeed, degree, neighbours) in blocks)
            {
                Assert.Equal(expectedSeed, seed);
                var selected = selector.Select(seed, out uint next);
                Assert.Equal(degree, selected.Length);
                Assert.Equal(neighbours, selected.ToArray());
                seed = next;
            }
        }
    }

    [Fact]
    public void Degree_statistics_over_a_long_chain_match_the_reference()
    {
        var h = PastelV0ReferenceVectors.Histogram;
        var selector = new PastelV0SymbolSelector(h.K);
        uint seed = h.FirstSeed;
        long sum = 0;
        int one = 0, two = 0, max = 0;
        for (int i = 0; i < h.Blocks; i++)
        {
            int degree = selector.Select(seed, out seed).Length;
            sum += degree;
            one += degree == 1 ? 1 : 0;
            two += degree == 2 ? 1 : 0;
            max = Math.Max(max, degree);
        }

        Assert.Equal((h.SumOfDegrees, h.DegreeOne, h.DegreeTwo, h.MaxDegree), (sum, one, two, max));
    }

    [Fact]
    public void Neighbours_are_distinct_and_in_range_for_any_seed()
    {
        var property = Prop.ForAll<int, uint>((kRaw, seedRaw) =>
        {
            int k = 1 + (int)((uint)kRaw % 3000);
            uint seed = 1 + seedRaw % PastelV0Format.MaxSeed;
            var selected = new PastelV0SymbolSelector(k).Select(seed, out uint next).ToArray();
            return selected.Length >= 1 && selected.Length <= k && selected.Distinct().Count() == selected.Length
                && selected.All(s => s >= 0 && s < k) && next >= 1 && next <= PastelV0Format.MaxSeed;
        });
        Check.QuickThrowOnFailure(property);
    }
}
