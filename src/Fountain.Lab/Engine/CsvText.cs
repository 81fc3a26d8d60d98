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
            case double d: sb.Append(CultureInfo.InvariantCulture, $"{d}"); break;
            case int i: sb.Append(CultureInfo.InvariantCulture, $"{i}"); break;
            case long l: sb.Append(CultureInfo.InvariantCulture, $"{l}"); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case string s: sb.Append(Escape(s)); break;
            default: sb.Append(Escape(ParameterSet.Format(value))); break;
        }
    }
}
