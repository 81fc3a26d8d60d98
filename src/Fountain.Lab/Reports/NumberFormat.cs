using System.Globalization;

namespace Fountain.Lab.Reports;

/// <summary>Short, readable numbers for charts and tables (3 significant digits, k/M/G/T suffixes).</summary>
public static class NumberFormat
{
    public static string Short(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "∞" : "-∞";
        double abs = Math.Abs(value);
        if (abs == 0) return "0";
        (double scaled, string suffix) = abs switch
        {
            >= 1e12 => (value / 1e12, "T"),
            >= 1e9 => (value / 1e9, "G"),
            >= 1e6 => (value / 1e6, "M"),
            >= 1e4 => (value / 1e3, "k"),
            _ => (value, ""),
        };
        if (abs < 1e-3) return value.ToString("0.##e0", CultureInfo.InvariantCulture);
        return scaled.ToString(Math.Abs(scaled) >= 100 ? "0" : Math.Abs(scaled) >= 10 ? "0.#" : "0.###", CultureInfo.InvariantCulture) + suffix;
    }
}
