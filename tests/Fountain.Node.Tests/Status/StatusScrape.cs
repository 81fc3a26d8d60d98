using System.Globalization;
using System.Text.Json.Nodes;

namespace Fountain.Node.Tests.Status;

/// <summary>Reads a node's status listener as a browser or Prometheus would: plain HTTP/1.1, no signature.</summary>
internal static class StatusScrape
{
    public static HttpClient CreateClient() => new() { DefaultRequestVersion = System.Net.HttpVersion.Version11, Timeout = TimeSpan.FromSeconds(30) };

    public static async Task<string> MetricsAsync(HttpClient http, Uri status) => await http.GetStringAsync(new Uri(status, "metrics"));

    public static async Task<JsonNode> JsonAsync(HttpClient http, Uri status) => JsonNode.Parse(await http.GetStringAsync(new Uri(status, "status.json")))!;

    /// <summary>
    /// The value of one sample in Prometheus' text format: the line that starts with <paramref name="series"/> (a name,
    /// or a name and its labels as written, e.g. <c>fountain_storage_bytes{kind="used"}</c>) followed by a space; null when there is none.
    /// </summary>
    public static double? Sample(string metrics, string series)
    {
        foreach (var line in metrics.Split('\n'))
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
                return double.Parse(line[(series.Length + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
        return null;
    }

    /// <summary>The sum of every sample of a metric whose labels contain all of <paramref name="labels"/> (each written as <c>name="value"</c>).</summary>
    public static double Sum(string metrics, string name, params string[] labels) =>
        metrics.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) && labels.All(label => l[..l.IndexOf('}')].Contains(label, StringComparison.Ordinal)))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture));
}
