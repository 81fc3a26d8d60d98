namespace Fountain.Actors.Configuration;

/// <summary>Splits a getter path such as <c>fountain.codec."odd.key"</c> into its keys.</summary>
internal static class HoconPath
{
    public static IReadOnlyList<string> Split(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var keys = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in path)
        {
            if (c == '"') { quoted = !quoted; continue; }
            if (c == '.' && !quoted) { keys.Add(current.ToString()); current.Clear(); continue; }
            current.Append(c);
        }
        if (quoted) throw new ArgumentException($"unbalanced quote in the path '{path}'", nameof(path));
        keys.Add(current.ToString());
        if (keys.Any(k => k.Length == 0)) throw new ArgumentException($"empty key in the path '{path}'", nameof(path));
        return keys;
    }
}
