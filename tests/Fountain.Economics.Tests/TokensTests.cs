using Fountain.Economics;

namespace Fountain.Economics.Tests;

public class TokensTests
{
    [Theory]
    [InlineData("30", 3_000_000_000L)]
    [InlineData("0.01", 1_000_000L)]
    [InlineData("0.00000001", 1L)]
    [InlineData("105", 10_500_000_000L)]
    public void Parses_exact_amounts_into_base_units(string text, long units)
    {
        Assert.True(Tokens.TryParse(text, out var tokens, out var error), error);
        Assert.Equal(units, tokens.Units);
    }

    [Theory]
    [InlineData("0.000000001")] // nine decimals: would need rounding
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("1e3")]
    public void Refuses_amounts_it_cannot_hold_exactly(string text)
    {
        Assert.False(Tokens.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void Prints_without_trailing_zeros()
    {
        Assert.Equal("30", Tokens.FromWhole(30).ToString());
        Assert.Equal("29.99999993", new Tokens(2_999_999_993).ToString());
        Assert.Equal(0.01m, new Tokens(1_000_000).ToDecimal());
    }

    [Fact]
    public void Arithmetic_overflow_throws_instead_of_wrapping()
    {
        Assert.Throws<OverflowException>(() => new Tokens(long.MaxValue) + new Tokens(1));
    }
}
