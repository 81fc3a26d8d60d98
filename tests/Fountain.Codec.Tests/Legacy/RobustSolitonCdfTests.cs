using System.Runtime.InteropServices;
using Fountain.Codec.Hashing;
using Fountain.Codec.Legacy;

namespace Fountain.Codec.Tests.Legacy;

public sealed class RobustSolitonCdfTests
{
    [Fact]
    public void Cdf_is_bit_identical_to_the_reference()
    {
        foreach (var (k, pivot, sha3, firstBits, lastBits) in PastelV0ReferenceVectors.Cdf)
        {
            var cdf = RobustSolitonCdf.Build(k);
            Assert.Equal(k, cdf.SourceSymbols);
            for (int i = 0; i < firstBits.Length; i++)
            {
                Assert.Equal(firstBits[i], BitConverter.DoubleToUInt64Bits(cdf.Values[i]));
            }

            Assert.Equal(lastBits, BitConverter.DoubleToUInt64Bits(cdf.Values[^1]));
            Assert.True(BitConverter.IsLittleEndian);
            string actual = Sha3.HashHex(MemoryMarshal.AsBytes(cdf.Values));
            Assert.True(sha3 == actual, $"CDF bits differ from the reference for K = {k} (pivot {pivot})");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(777)]
    [InlineData(65_536)]
    public void Cdf_never_decreases_so_binary_search_equals_the_linear_scan(int k)
    {
        var cdf = RobustSolitonCdf.Build(k);
        for (int i = 1; i < k; i++)
        {
            Assert.True(cdf.Values[i] >= cdf.Values[i - 1], $"CDF decreases at {i} for K = {k}");
        }

        // The reference's own rule, a linear scan, against the binary search, over many draws.
        var random = new ParkMillerRandom(12345);
        for (int n = 0; n < 2000; n++)
        {
            uint draw = random.Next();
            double p = draw / (double)((1L << 31) - 2);
            int expected = k;
            for (int i = 0; i < k; i++)
            {
                if (cdf.Values[i] > p)
                {
                    expected = i + 1;
                    break;
                }
            }

            Assert.Equal(expected, cdf.DegreeFor(draw));
        }

        // The largest draw maps to p = 1.0; the CDF may end just below or above 1.
        Assert.InRange(cdf.DegreeFor((uint)((1L << 31) - 2)), 1, k);
    }

    [Fact]
    public void Zero_source_symbols_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RobustSolitonCdf.Build(0));
    }
}
