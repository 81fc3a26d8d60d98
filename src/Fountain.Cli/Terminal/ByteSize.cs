using System.Globalization;
using System.Text.RegularExpressions;

namespace Fountain.Cli.Terminal;

/// <summary>Byte counts as people write them on a command line: 2097152, 2MiB, 512KiB, 20MB, 1.5GiB.</summary>
internal static partial class ByteSize
{
    public static long Parse(string text)
    {
        var match = Pattern().Match(text.Trim());
        if (!match.Success) throw new FormatException($"'{text}' is not a size; write bytes, or a number with B, KB, KiB, MB, MiB, GB or GiB.");
        var number = decimal.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        long unit = match.Groups[2].Value.ToLowerInvariant() switch
        {
            "" or "b" => 1,
            "k" or "kb" => 1000,
            "ki" or "kib" => 1024,
            "m" or "mb" => 1000_000,
            "mi" or "mib" => 1 << 20,
            "g" or "gb" => 1000_000_000,
            "gi" or "gib" => 1 << 30,
            _ => throw new FormatException($"'{text}' has an unknown unit."),
        };
        var bytes = number * unit;
        if (bytes != decimal.Truncate(bytes) || bytes < 0 || bytes > long.MaxValue) throw new FormatException($"'{text}' is not a whole, non-negative number of bytes.");
        return (long)bytes;
    }

    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.##} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.##} MiB",
        >= 1L << 10 => $"{bytes / 1024.0:0.##} KiB",
        _ => $"{bytes} B",
    };

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]*)$")]
    private static partial Regex Pattern();
}
