using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Fountain.Actors.Configuration;

/// <summary>Typed reads of flattened HOCON settings, each failure naming the key and its value.</summary>
internal static class ConfigurationValues
{
    public static int Int(IConfiguration section, string key, int fallback) => Read(section, key, fallback,
        v => int.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture));

    public static double Double(IConfiguration section, string key, double fallback) => Read(section, key, fallback,
        v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture));

    public static bool Bool(IConfiguration section, string key, bool fallback) => Read(section, key, fallback, v => v switch
    {
        "true" or "on" or "yes" => true,
        "false" or "off" or "no" => false,
        _ => throw new FormatException("expected on/off, true/false or yes/no"),
    });

    public static TimeSpan Duration(IConfiguration section, string key, TimeSpan fallback) => Read(section, key, fallback, HoconUnits.ParseDuration);

    private static T Read<T>(IConfiguration section, string key, T fallback, Func<string, T> parse)
    {
        var text = section[key];
        if (text is null) return fallback;
        try
        {
            return parse(text);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            var path = section is IConfigurationSection s ? $"{s.Path}:{key}" : key;
            throw new FormatException($"setting '{path}' = '{text}': {e.Message}", e);
        }
    }
}
