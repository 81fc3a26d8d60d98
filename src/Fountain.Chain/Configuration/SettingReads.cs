using System.Globalization;
using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace Fountain.Chain.Configuration;

/// <summary>A setting that is missing, or whose value has not the type or range its reader needs. <see cref="Key"/> names it.</summary>
public sealed class SettingException(string key, string problem, Exception? inner = null) : FormatException($"{key}: {problem}", inner)
{
    /// <summary>The setting's full path, e.g. <c>fountain.node.capacity</c>.</summary>
    public string Key { get; } = key;

    /// <summary>What is wrong with it, without the key.</summary>
    public string Problem { get; } = problem;
}

/// <summary>
/// Typed reads of Akka HOCON settings that fail loudly. Akka's own getters return 0, "" or false for a missing key and
/// throw without naming the key for a bad value; these throw a <see cref="SettingException"/> that names the key and
/// the value. Each component reads its settings with them from a configuration merged over its reference.conf, so a
/// missing key is a bug in the component, never the operator's omission. Node and the CLI use them too (both depend
/// on this project, the lowest one that may reference Akka).
/// </summary>
public static class SettingReads
{
    public static string ReadString(this Config config, string key) => Scalar(config, key);

    public static int ReadInt(this Config config, string key, int min = int.MinValue) =>
        AtLeast(key, Parse(config, key, "a whole number", v => int.Parse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)), min);

    public static long ReadLong(this Config config, string key, long min = long.MinValue) =>
        AtLeast(key, Parse(config, key, "a whole number", v => long.Parse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)), min);

    public static double ReadDouble(this Config config, string key) =>
        Parse(config, key, "a number", v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture));

    public static decimal ReadDecimal(this Config config, string key) =>
        Parse(config, key, "a number", v => decimal.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture));

    /// <summary>true/false, on/off or yes/no (HOCON's booleans).</summary>
    public static bool ReadBool(this Config config, string key) => Parse(config, key, "true or false (on/off, yes/no)", v => v switch
    {
        "true" or "on" or "yes" => true,
        "false" or "off" or "no" => false,
        _ => throw new FormatException(),
    });

    /// <summary>
    /// One word of a fixed set (a journal provider, a payment model), compared without regard to case, as the value it
    /// stands for: every enumerated setting is read this way, so each refuses a bad value alike, naming the key, the value
    /// and the words allowed.
    /// </summary>
    public static T ReadChoice<T>(this Config config, string key, params (string Word, T Value)[] choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        if (choices.Length == 0) throw new ArgumentException("a choice needs at least one word", nameof(choices));
        var text = Scalar(config, key).Trim();
        foreach (var (word, value) in choices)
        {
            if (string.Equals(word, text, StringComparison.OrdinalIgnoreCase)) return value;
        }
        throw new SettingException(key, $"'{text}' is not one of: {string.Join(", ", choices.Select(c => c.Word))}");
    }

    /// <summary>A duration with a unit (20s, 5 minutes, 100ms; a plain number is milliseconds), never negative.</summary>
    public static TimeSpan ReadDuration(this Config config, string key) =>
        Parse(config, key, "a duration such as 20s, 5 minutes or 100ms", _ => config.GetValue(key).GetTimeSpan(allowInfinite: false));

    /// <summary>A size with a unit (2MiB, 512KiB, 1GB; a plain number is bytes), at least <paramref name="min"/>.</summary>
    public static long ReadBytes(this Config config, string key, long min = 0) =>
        AtLeast(key, Parse(config, key, "a size such as 2MiB, 512KiB or 1GB", _ => config.GetValue(key).GetByteSize() ?? throw new FormatException()), min);

    /// <summary>A size that must fit an <see cref="int"/> (at most 2 GiB − 1 bytes).</summary>
    public static int ReadIntBytes(this Config config, string key, int min = 0)
    {
        long bytes = ReadBytes(config, key, min);
        return bytes <= int.MaxValue ? (int)bytes : throw new SettingException(key, $"{bytes} bytes is more than this setting allows (2 GiB − 1)");
    }

    /// <summary>An object whose keys are data rather than settings (e.g. accounts funded at genesis): its keys and scalar values.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ReadStringMap(this Config config, string key)
    {
        var value = Value(config, key);
        if (!value.IsObject()) throw new SettingException(key, $"expected an object {{ key = value, ... }}, found {Describe(value)}");
        return value.GetObject().Items
            .Select(item => item.Value.IsString() && !item.Value.IsObject()
                ? new KeyValuePair<string, string>(item.Key, item.Value.GetString())
                : throw new SettingException($"{key}.\"{item.Key}\"", $"expected a value, found {Describe(item.Value)}"))
            .ToList();
    }

    /// <summary>
    /// Runs a settings record's own validation and turns its <see cref="ArgumentException"/> into a
    /// <see cref="SettingException"/> naming the key: the property in <see cref="ArgumentException.ParamName"/> written
    /// in kebab case under <paramref name="prefix"/> (<c>HoldersPerBlock</c> → <c>fountain.node.holders-per-block</c>),
    /// or as <paramref name="renames"/> says where the key is named otherwise; without a property, the block itself.
    /// </summary>
    public static void Validate(string prefix, Action validate, params (string Property, string Key)[] renames)
    {
        ArgumentNullException.ThrowIfNull(validate);
        try
        {
            validate();
        }
        catch (ArgumentException e)
        {
            var key = e.ParamName is { } property
                ? prefix + (renames.FirstOrDefault(r => r.Property == property).Key ?? Kebab(property))
                : renames.FirstOrDefault(r => r.Property == "").Key is { } whole ? prefix + whole : prefix.TrimEnd('.');
            var message = e.Message;
            var parameter = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
            if (parameter >= 0) message = message[..parameter];
            if (e is ArgumentOutOfRangeException { ActualValue: { } actual }) message += $" (found {actual})";
            throw new SettingException(key, message, e);
        }
    }

    private static string Kebab(string name) =>
        string.Concat(name.Select((ch, i) => char.IsUpper(ch) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(ch) : ch.ToString()));

    /// <summary>Why a value cannot be read as text: an object, a list, or nothing (HOCON text such as <c>key =</c> at the end of a line).</summary>
    public static string Describe(HoconValue value) =>
        value.IsObject() ? "an object" : IsList(value) ? "a list" : value.IsString() ? $"'{value.GetString()}'" : "no value";

    /// <summary>Whether a value is a list; Akka's <see cref="HoconValue.IsArray"/> is false for an empty one.</summary>
    public static bool IsList(HoconValue value) => value.IsArray() || (value.Values.Count > 0 && value.Values.All(v => v is HoconArray));

    private static HoconValue Value(Config config, string key)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.HasPath(key) && config.GetValue(key) is { } value
            ? value
            : throw new SettingException(key, "is missing (a component reads its settings from a configuration merged over its reference.conf)");
    }

    private static string Scalar(Config config, string key)
    {
        var value = Value(config, key);
        if (value.IsObject() || IsList(value) || !value.IsString())
            throw new SettingException(key, $"expected a value, found {Describe(value)}");
        return value.GetString() ?? throw new SettingException(key, "expected a value, found null");
    }

    private static T Parse<T>(Config config, string key, string expected, Func<string, T> parse)
    {
        var text = Scalar(config, key);
        try
        {
            return parse(text.Trim());
        }
        catch (Exception e) when (e is FormatException or OverflowException or NotSupportedException or ArgumentException)
        {
            throw new SettingException(key, $"'{text}' is not {expected}", e);
        }
    }

    private static T AtLeast<T>(string key, T value, T min) where T : IComparable<T> =>
        value.CompareTo(min) >= 0 ? value : throw new SettingException(key, $"must be at least {min}, not {value}");
}
