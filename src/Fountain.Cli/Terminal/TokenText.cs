using Fountain.Economics;

namespace Fountain.Cli.Terminal;

/// <summary>
/// The one way the CLI prints an amount: in tokens, with the unit named ("1.5 tokens"), never base units in one
/// command and tokens in another. JSON gives the same amounts as decimals under keys that end in "Tokens" (or are "tokens").
/// </summary>
internal static class TokenText
{
    public static string Format(Tokens amount) => $"{amount} tokens";

    public static string FromBaseUnits(long baseUnits) => Format(new Tokens(baseUnits));
}
