using System.Globalization;
using System.Text.RegularExpressions;

namespace Fountain.Lab.Scenarios;

/// <summary>
/// How a scenario's text values become parameter values: true/false, integers (long), decimals (double, invariant
/// culture), sizes with a binary or decimal unit (2MiB, 20MB: bytes, as a long), else the string itself.
/// </summary>
public static partial class ParameterValue
{
    public static object Parse(string text)
    {
        string t = text.Trim();
        if (bool.TryParse(t, out bool b)) return b;
        if (long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)) return l;
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) return d;
        var size = SizePattern().Match(t);
        if (size.Success)
        {
            double number = double.Parse(size.Groups[1].Value, CultureInfo.InvariantCulture);
            double factor = size.Groups[2].Value.ToUpperInvariant() switch
            {
                "B" => 1, "KB" => 1e3, "MB" => 1e6, "GB" => 1e9, "TB" => 1e12, "PB" => 1e15,
                "KIB" => 1024, "MIB" => 1 << 20, "GIB" => 1 << 30, "TIB" => 1024.0 * (1 << 30), "PIB" => 1024.0 * 1024 * (1 << 30),
                _ => throw new FormatException($"Unknown size unit in '{t}'."),
            };
            double bytes = number * factor;
            return bytes == Math.Floor(bytes) && bytes < 9e18 ? (object)(long)bytes : bytes;
        }
        return t;
    }

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)\s*(B|KB|MB|GB|TB|PB|KiB|MiB|GiB|TiB|PiB)$", RegexOptions.IgnoreCase)]
    private static partial Regex SizePattern();
}
