using System.Globalization;

namespace Fountain.Lab.Engine;

/// <summary>How a value becomes a CSV cell (RFC 4180 quoting; numbers in invariant culture, doubles shortest round-trip).</summary>
internal static class CsvText
{
    public static string Escape(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";

    public static void Append(System.Text.StringBuilder sb, object value)
    {
        switch (value)
        {
            // Formatted straight into the builder (no string per cell); a double's default format is the shortest
            // text that parses back to the same value, as "R" is since .NET Core 3.0.
            // Whole numbers below 10^15 print as their integer (what the shortest round-trip format prints for them,
            // "-0" aside), at a fraction of the cost: counters held as doubles are common in models.
            case double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 && !(d == 0 && double.IsNegative(d)):
                sb.Append(CultureInfo.InvariantCulture, $"{(long)d}");
                break;
            case double d: sb.Append(CultureInfo.InvariantCulture, $"{d}"); break;
            case int i: sb.Append(CultureInfo.InvariantCulture, $"{i}"); break;
            case long l: sb.Append(CultureInfo.InvariantCulture, $"{l}"); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case string s: sb.Append(Escape(s)); break;
            default: sb.Append(Escape(ParameterSet.Format(value))); break;
        }
    }
}
