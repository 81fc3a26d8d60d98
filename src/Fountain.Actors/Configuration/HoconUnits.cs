using System.Globalization;

namespace Fountain.Actors.Configuration;

/// <summary>A duration or size text whose number or unit is not understood.</summary>
internal sealed class HoconUnitException(string message) : FormatException(message);

/// <summary>
/// Durations and sizes written the HOCON way (HOCON.md, "Duration format" and "Size in bytes format"):
/// a number, optional spaces, a unit. Usable on plain strings, e.g. values read through IConfiguration.
/// </summary>
public static class HoconUnits
{
    private static readonly Dictionary<string, decimal> TicksPerDurationUnit = BuildDurationUnits();
    private static readonly Dictionary<string, decimal> BytesPerSizeUnit = BuildSizeUnits();

    /// <summary>Parses <c>20s</c>, <c>5 minutes</c>, <c>100ms</c>, <c>1.5h</c>; a plain number is milliseconds.</summary>
    /// <exception cref="FormatException">the text is not a non-negative duration.</exception>
    public static TimeSpan ParseDuration(string text)
    {
        var (number, unit) = Split(text);
        var ticksPerUnit = unit.Length == 0 ? TimeSpan.TicksPerMillisecond
            : TicksPerDurationUnit.TryGetValue(unit, out var t) ? t
            : throw new HoconUnitException($"unknown duration unit '{unit}' (use ns, us, ms, s, m, h, d or their long names)");
        var ticks = number * ticksPerUnit;
        if (ticks > TimeSpan.MaxValue.Ticks) throw new HoconUnitException("the duration is too long");
        return TimeSpan.FromTicks((long)decimal.Round(ticks));
    }

    /// <summary>Parses <c>2MiB</c>, <c>512KiB</c>, <c>1GB</c>, <c>4096</c> (bytes); powers of ten for kB/MB/GB, of two for K/Ki/KiB.</summary>
    /// <exception cref="FormatException">the text is not a non-negative whole number of bytes.</exception>
    public static long ParseBytes(string text)
    {
        var (number, unit) = Split(text);
        var multiplier = unit.Length == 0 ? 1m
            : BytesPerSizeUnit.TryGetValue(unit, out var m) ? m
            : throw new HoconUnitException($"unknown size unit '{unit}' (use B, kB, KiB, MB, MiB, GB, GiB, TB, TiB)");
        decimal bytes;
        try { bytes = number * multiplier; }
        catch (OverflowException) { throw new HoconUnitException("the size is too large"); }
        if (bytes > long.MaxValue) throw new HoconUnitException("the size is too large");
        if (bytes != decimal.Truncate(bytes)) throw new HoconUnitException("the size is not a whole number of bytes");
        return (long)bytes;
    }

    private static (decimal Number, string Unit) Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var i = 0;
        while (i < trimmed.Length && (char.IsAsciiDigit(trimmed[i]) || trimmed[i] == '.')) i++;
        var numberText = trimmed[..i];
        if (numberText.Length == 0) throw new HoconUnitException("expected a non-negative number first");
        if (!decimal.TryParse(numberText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            throw new HoconUnitException($"'{numberText}' is not a number");
        return (number, trimmed[i..].TrimStart());
    }

    private static Dictionary<string, decimal> BuildDurationUnits()
    {
        var units = new Dictionary<string, decimal>(StringComparer.Ordinal);
        void Add(decimal ticks, params string[] names) { foreach (var n in names) units[n] = ticks; }
        Add(0.01m, "ns", "nano", "nanos", "nanosecond", "nanoseconds");
        Add(10m, "us", "micro", "micros", "microsecond", "microseconds");
        Add(TimeSpan.TicksPerMillisecond, "ms", "milli", "millis", "millisecond", "milliseconds");
        Add(TimeSpan.TicksPerSecond, "s", "second", "seconds");
        Add(TimeSpan.TicksPerMinute, "m", "minute", "minutes");
        Add(TimeSpan.TicksPerHour, "h", "hour", "hours");
        Add(TimeSpan.TicksPerDay, "d", "day", "days");
        return units;
    }

    private static Dictionary<string, decimal> BuildSizeUnits()
    {
        var units = new Dictionary<string, decimal>(StringComparer.Ordinal);
        void Add(decimal bytes, params string[] names) { foreach (var n in names) units[n] = bytes; }
        Add(1m, "B", "b", "byte", "bytes");
        string[] decimalNames = ["kB", "MB", "GB", "TB", "PB"];
        string[] decimalLong = ["kilobyte", "megabyte", "gigabyte", "terabyte", "petabyte"];
        string[] binaryLetters = ["K", "M", "G", "T", "P"];
        string[] binaryLong = ["kibibyte", "mebibyte", "gibibyte", "tebibyte", "pebibyte"];
        decimal power10 = 1m, power2 = 1m;
        for (var i = 0; i < decimalNames.Length; i++)
        {
            power10 *= 1000m;
            power2 *= 1024m;
            Add(power10, decimalNames[i], decimalLong[i], decimalLong[i] + "s");
            var letter = binaryLetters[i];
            Add(power2, letter, letter.ToLowerInvariant(), letter + "i", letter + "iB", binaryLong[i], binaryLong[i] + "s");
        }
        return units;
    }
}
