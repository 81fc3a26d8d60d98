using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Fountain.Lab.Tests.Reports;

/// <summary>What a page did when Chromium loaded it: console errors and exceptions, and every URL it requested.</summary>
internal sealed record PageLoad(IReadOnlyList<string> Errors, IReadOnlyList<string> RequestedUrls, string Title);

/// <summary>
/// Opens a local file in headless Chromium over the DevTools protocol (a WebSocket on a port Chromium picks and
/// prints), with networking and background services off and a fresh profile, and reports what the page logged.
/// Every wait is bounded by one timeout.
/// </summary>
internal static partial class HeadlessChromium
{
    public static async Task<PageLoad> LoadAsync(string chromiumPath, string htmlPath, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        string profile = Directory.CreateTempSubdirectory("fountain-chromium-").FullName;
        var start = new ProcessStartInfo(chromiumPath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps",
            "--remote-debugging-port=0", $"--user-data-dir={profile}", "about:blank",
        }) start.ArgumentList.Add(arg);
        using var chromium = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start.");
        try
        {
            // Both pipes are drained for the browser's whole life, so that its logging can never fill one and stall it.
            _ = chromium.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
            string endpoint = await ReadDevToolsEndpointAsync(chromium, cts.Token);
            _ = chromium.StandardError.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
            string pageSocket = await PageSocketAsync(endpoint, cts.Token);
            using var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri(pageSocket), cts.Token);
            var session = new DevToolsSession(socket);
            var errors = new List<string>();
            var urls = new List<string>();
            bool loaded = false;
            session.OnEvent = (method, p) =>
            {
                string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue(out string? text) ? text : null;
                if (method == "Runtime.consoleAPICalled" && Text(p?["type"]) is "error" or "assert")
                    errors.Add("console." + Text(p?["type"]) + ": " + p?["args"]?.ToJsonString());
                else if (method == "Runtime.exceptionThrown")
                    errors.Add("exception: " + p?["exceptionDetails"]?.ToJsonString());
                else if (method == "Log.entryAdded" && Text(p?["entry"]?["level"]) == "error")
                    errors.Add("log: " + Text(p?["entry"]?["text"]) + " " + Text(p?["entry"]?["url"]));
                else if (method == "Network.requestWillBeSent")
                    urls.Add(Text(p?["request"]?["url"]) ?? "?");
                else if (method == "Page.loadEventFired")
                    loaded = true;
            };
            foreach (var domain in new[] { "Runtime.enable", "Log.enable", "Network.enable", "Page.enable" })
                await session.CallAsync(domain, null, cts.Token);
            await session.CallAsync("Page.navigate", new JsonObject { ["url"] = new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri }, cts.Token);
            await session.PumpUntilAsync(() => loaded, cts.Token);
            // Let late console messages of the load arrive: one more round trip through the page.
            var title = await session.CallAsync("Runtime.evaluate", new JsonObject { ["expression"] = "document.title" }, cts.Token);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            return new PageLoad(errors, urls, title?["result"]?["value"]?.GetValue<string>() ?? "");
        }
        finally
        {
            if (!chromium.HasExited) chromium.Kill(entireProcessTree: true);
            await chromium.WaitForExitAsync(CancellationToken.None);
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { /* Chromium may still release files; the temp dir is disposable */ }
        }
    }

    private static async Task<string> ReadDevToolsEndpointAsync(Process chromium, CancellationToken ct)
    {
        var seen = new StringBuilder();
        while (true)
        {
            string? line = await chromium.StandardError.ReadLineAsync(ct);
            if (line is null) throw new InvalidOperationException("Chromium exited before it opened DevTools:\n" + seen);
            seen.AppendLine(line);
            var match = DevToolsLine().Match(line);
            if (match.Success) return match.Groups[1].Value;
        }
    }

    private static async Task<string> PageSocketAsync(string browserSocket, CancellationToken ct)
    {
        var uri = new Uri(browserSocket);
        using var http = new HttpClient();
        var targets = JsonNode.Parse(await http.GetStringAsync($"http://{uri.Host}:{uri.Port}/json/list", ct))!.AsArray();
        return targets.First(t => t?["type"]?.GetValue<string>() == "page")!["webSocketDebuggerUrl"]!.GetValue<string>();
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevToolsLine();

    private sealed class DevToolsSession(ClientWebSocket socket)
    {
        private int _nextId;
        public Action<string, JsonNode?>? OnEvent { get; set; }

        public async Task<JsonNode?> CallAsync(string method, JsonObject? parameters, CancellationToken ct)
        {
            int id = ++_nextId;
            var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
            await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, ct);
            JsonNode? result = null;
            await PumpUntilAsync(() => result is not null, ct, reply => { if (reply["id"]?.GetValue<int>() == id) result = reply["result"] ?? new JsonObject(); });
            return result;
        }

        public async Task PumpUntilAsync(Func<bool> done, CancellationToken ct, Action<JsonNode>? onReply = null)
        {
            var buffer = new byte[1 << 16];
            while (!done())
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult received;
                do
                {
                    received = await socket.ReceiveAsync(buffer, ct);
                    if (received.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException("Chromium closed the DevTools connection.");
                    message.Write(buffer, 0, received.Count);
                } while (!received.EndOfMessage);
                var node = JsonNode.Parse(message.ToArray())!;
                if (node["method"] is { } method) OnEvent?.Invoke(method.GetValue<string>(), node["params"]);
                else onReply?.Invoke(node);
            }
        }
    }
}
