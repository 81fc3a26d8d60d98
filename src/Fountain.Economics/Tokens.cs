using System.Globalization;

namespace Fountain.Economics;

/// <summary>
/// An amount of tokens held as whole base units, 10^8 units per token (issue 5, item 1: exact arithmetic).
/// Integer units make every sum, fee and balance exact, so conservation of tokens can be checked with
/// equality rather than a tolerance. Arithmetic is checked: an overflow throws instead of wrapping.
/// </summary>
public readonly record struct Tokens(long Units) : IComparable<Tokens>
{
    /// <summary>Base units in one token (like satoshis in a bitcoin; SHIFT also had 8 decimals).</summary>
    public const long UnitsPerToken = 100_000_000;

    /// <summary>Decimal places a token amount may carry.</summary>
    public const int DecimalPlaces = 8;

    public static Tokens Zero => default;

    /// <summary>An amount of whole tokens.</summary>
    public static Tokens FromWhole(long tokens) => new(checked(tokens * UnitsPerToken));

    /// <summary>
    /// An exact decimal amount of tokens. Throws if it has more than 8 decimal places, because silently
    /// rounding a caller's amount would change what they asked for.
    /// </summary>
    public static Tokens FromDecimal(decimal tokens)
    {
        var units = tokens * UnitsPerToken;
        if (units != decimal.Truncate(units))
            throw new ArgumentException($"{tokens} tokens has more than {DecimalPlaces} decimal places.", nameof(tokens));
        if (units > long.MaxValue || units < long.MinValue)
            throw new OverflowException($"{tokens} tokens does not fit in 64-bit base units.");
        return new Tokens((long)units);
    }

    /// <summary>Parses a non-negative decimal amount such as "30" or "0.01"; invariant culture.</summary>
    public static bool TryParse(string? text, out Tokens tokens, out string error)
    {
        tokens = default;
        if (string.IsNullOrWhiteSpace(text)) { error = "a token amount is required"; return false; }
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            error = $"'{text}' is not a non-negative decimal token amount";
            return false;
        }
        var units = value * UnitsPerToken;
        if (units != decimal.Truncate(units))
        {
            error = $"'{text}' has more than {DecimalPlaces} decimal places";
            return false;
        }
        if (units > long.MaxValue)
        {
            error = $"'{text}' is too large";
            return false;
        }
        tokens = new Tokens((long)units);
        error = "";
        return true;
    }

    /// <summary>The amount in tokens, exact, without trailing zeros (30, 0.01, 29.99999993).</summary>
    public decimal ToDecimal() => ((decimal)Units / UnitsPerToken) / 1.000000000000000000000000000000000m;

    public bool IsNegative => Units < 0;

    public static Tokens operator +(Tokens a, Tokens b) => new(checked(a.Units + b.Units));
    public static Tokens operator -(Tokens a, Tokens b) => new(checked(a.Units - b.Units));
    public static bool operator <(Tokens a, Tokens b) => a.Units < b.Units;
    public static bool operator >(Tokens a, Tokens b) => a.Units > b.Units;
    public static bool operator <=(Tokens a, Tokens b) => a.Units <= b.Units;
    public static bool operator >=(Tokens a, Tokens b) => a.Units >= b.Units;

    public int CompareTo(Tokens other) => Units.CompareTo(other.Units);

    public override string ToString() => ToDecimal().ToString(CultureInfo.InvariantCulture);
}
