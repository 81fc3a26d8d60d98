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
            case double d: sb.Append(d.ToString("R", CultureInfo.InvariantCulture)); break;
            case int i: sb.Append(i.ToString(CultureInfo.InvariantCulture)); break;
            case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case string s: sb.Append(Escape(s)); break;
            default: sb.Append(Escape(ParameterSet.Format(value))); break;
        }
    }
}
