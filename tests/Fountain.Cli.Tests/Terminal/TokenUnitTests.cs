using Fountain.Cli.Terminal;
using Fountain.Cli.Tests.Support;

namespace Fountain.Cli.Tests.Terminal;

/// <summary>Amounts are printed in tokens with the unit named, by one formatter, in every command.</summary>
public sealed class TokenUnitTests
{
    [Fact]
    public void Base_units_are_printed_as_tokens_with_the_unit()
    {
        Assert.Equal("1.5 tokens", TokenText.FromBaseUnits(150_000_000));
        Assert.Equal("0.00000001 tokens", TokenText.FromBaseUnits(1));
    }

    [Fact]
    public void An_unlock_quote_names_the_unit_of_its_amount_and_its_fee()
    {
        var (exit, output) = CliRunner.Run("price", "unlock", "--locked-tokens", "105", "--locked-bytes", "200000000", "--tokens", "30");
        Assert.Equal(0, exit);
        Assert.Contains("29 tokens (30 tokens minus the fee of 1 tokens)", output);
    }
}
