using Microsoft.Extensions.Configuration;

namespace Fountain.Actors.Configuration;

/// <summary>
/// Adds HOCON to a configuration builder. Keys flatten as <c>fountain:codec:block-size</c>. Fountain's order
/// is reference.conf, then the node's file, then environment variables, then the command line (later wins),
/// which is simply the order of the <c>Add...</c> calls.
/// </summary>
public static class HoconConfigurationExtensions
{
    /// <summary>Adds a HOCON file; includes resolve relative to its folder.</summary>
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, string path, bool optional = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return builder.Add(new HoconConfigurationSource { Path = path, Optional = optional, SourceName = path });
    }

    /// <summary>Adds a HOCON text; <paramref name="sourceName"/> is what its errors call it.</summary>
    public static IConfigurationBuilder AddHoconString(this IConfigurationBuilder builder, string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(text);
        return builder.Add(new HoconConfigurationSource { Text = text, SourceName = sourceName });
    }

    /// <summary>Reads a duration (<c>20s</c>, <c>5 minutes</c>) from a configuration key, or the default when absent.</summary>
    public static TimeSpan GetDuration(this IConfiguration configuration, string key, TimeSpan defaultValue)
    {
        var text = configuration[key];
        return text is null ? defaultValue : ParseOrExplain(key, text, HoconUnits.ParseDuration);
    }

    /// <summary>Reads a size (<c>2MiB</c>, <c>1GB</c>) from a configuration key, or the default when absent.</summary>
    public static long GetBytes(this IConfiguration configuration, string key, long defaultValue)
    {
        var text = configuration[key];
        return text is null ? defaultValue : ParseOrExplain(key, text, HoconUnits.ParseBytes);
    }

    private static T ParseOrExplain<T>(string key, string text, Func<string, T> parse)
    {
        try { return parse(text); }
        catch (FormatException e) { throw new FormatException($"setting '{key}' = '{text}': {e.Message}", e); }
    }
}
