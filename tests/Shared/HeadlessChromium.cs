using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Fountain.Testing;

/// <summary>What a page did when Chromium loaded it: console errors and exceptions, and every URL it requested.</summary>
internal sealed record PageLoad(IReadOnlyList<string> Errors, IReadOnlyList<string> RequestedUrls, string Title);

/// <summary>
/// Opens a page in headless Chromium over the DevTools protocol (a WebSocket on a port Chromium picks and prints), with
/// background services off and a fresh profile, and reports what the page logged and requested. Every wait is bounded
/// by one timeout. Shared by the test projects (tests/Shared): the lab report opens a file, the node's status page a URL.
/// </summary>
internal static partial class HeadlessChromium
{
    /// <summary>Loads a local file and reports its console errors, its requests and its title.</summary>
    public static async Task<PageLoad> LoadAsync(string chromiumPath, string htmlPath, TimeSpan timeout)
    {
        await using var page = await ChromiumPage.OpenAsync(chromiumPath, new Uri(Path.GetFullPath(htmlPath)), timeout);
        return await page.LoadResultAsync();
    }
}

/// <summary>
/// A page open in headless Chromium: evaluate script in it, wait until a condition holds, take screenshots, then read
/// what it logged and requested. Disposing kills the browser and deletes its profile.
/// </summary>
internal sealed class ChromiumPage : IAsyncDisposable
{
    private readonly Process _chromium;
    private readonly string _profile;
    private readonly CancellationTokenSource _cts;
    private readonly ClientWebSocket _socket;
    private readonly HeadlessChromium.DevToolsSession _session;
    private readonly List<string> _errors = [];
    private readonly List<string> _urls = [];
    private bool _loaded;

    private ChromiumPage(Process chromium, string profile, CancellationTokenSource cts, ClientWebSocket socket)
    {
        _chromium = chromium;
        _profile = profile;
        _cts = cts;
        _socket = socket;
        _session = new HeadlessChromium.DevToolsSession(socket);
        _session.OnEvent = (method, p) =>
        {
            string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue(out string? text) ? text : null;
            if (method == "Runtime.consoleAPICalled" && Text(p?["type"]) is "error" or "assert")
                _errors.Add("console." + Text(p?["type"]) + ": " + p?["args"]?.ToJsonString());
            else if (method == "Runtime.exceptionThrown")
                _errors.Add("exception: " + p?["exceptionDetails"]?.ToJsonString());
            else if (method == "Log.entryAdded" && Text(p?["entry"]?["level"]) == "error")
                _errors.Add("log: " + Text(p?["entry"]?["text"]) + " " + Text(p?["entry"]?["url"]));
            else if (method == "Network.requestWillBeSent")
                _urls.Add(Text(p?["request"]?["url"]) ?? "?");
            else if (method == "Page.loadEventFired")
                _loaded = true;
        };
    }

    public IReadOnlyList<string> Errors => _errors;
    public IReadOnlyList<string> RequestedUrls => _urls;

    /// <summary>Starts Chromium, opens <paramref name="url"/> in a window of the given size and waits for its load event; <paramref name="timeout"/> bounds the page's whole life.</summary>
    public static async Task<ChromiumPage> OpenAsync(string chromiumPath, Uri url, TimeSpan timeout, int width = 1280, int height = 900)
    {
        var cts = new CancellationTokenSource(timeout);
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
            "--remote-debugging-port=0", $"--user-data-dir={profile}", $"--window-size={width},{height}", "about:blank",
        }) start.ArgumentList.Add(arg);
        var chromium = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start.");
        ClientWebSocket? socket = null;
        try
        {
            // Both pipes are drained for the browser's whole life, so that its logging can never fill one and stall it.
            _ = chromium.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
            string endpoint = await HeadlessChromium.ReadDevToolsEndpointAsync(chromium, cts.Token);
            _ = chromium.StandardError.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
            string pageSocket = await HeadlessChromium.PageSocketAsync(endpoint, cts.Token);
            socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri(pageSocket), cts.Token);
            var page = new ChromiumPage(chromium, profile, cts, socket);
            foreach (var domain in new[] { "Runtime.enable", "Log.enable", "Network.enable", "Page.enable" })
                await page._session.CallAsync(domain, null, cts.Token);
            await page._session.CallAsync("Page.navigate", new JsonObject { ["url"] = url.AbsoluteUri }, cts.Token);
            await page._session.PumpUntilAsync(() => page._loaded, cts.Token);
            return page;
        }
        catch
        {
            socket?.Dispose();
            await Stop(chromium, profile);
            cts.Dispose();
            throw;
        }
    }

    /// <summary>The value of a JavaScript expression evaluated in the page (JSON-serialisable values only).</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await _session.CallAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true }, _cts.Token);
        return result?["result"]?["value"];
    }

    /// <summary>Evaluates <paramref name="condition"/> until it is true (every 100 ms, within the page's timeout).</summary>
    public async Task WaitUntilAsync(string condition)
    {
        while (!(await EvaluateAsync(condition) is JsonValue v && v.TryGetValue(out bool yes) && yes))
            await Task.Delay(100, _cts.Token);
    }

    /// <summary>Saves a PNG of the whole page to <paramref name="path"/>.</summary>
    public async Task ScreenshotAsync(string path)
    {
        var result = await _session.CallAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true }, _cts.Token);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(result!["data"]!.GetValue<string>()), _cts.Token);
    }

    /// <summary>What the page logged and requested, and its title, after one more round trip through it (late console messages arrive).</summary>
    public async Task<PageLoad> LoadResultAsync()
    {
        var title = await EvaluateAsync("document.title");
        return new PageLoad(_errors.ToList(), _urls.ToList(), title?.GetValue<string>() ?? "");
    }

    public async ValueTask DisposeAsync()
    {
        try { await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None); }
        catch (Exception e) when (e is WebSocketException or InvalidOperationException) { /* the browser went first */ }
        _socket.Dispose();
        await Stop(_chromium, _profile);
        _cts.Dispose();
    }

    private static async Task Stop(Process chromium, string profile)
    {
        if (!chromium.HasExited) chromium.Kill(entireProcessTree: true);
        await chromium.WaitForExitAsync(CancellationToken.None);
        chromium.Dispose();
        try { Directory.Delete(profile, recursive: true); } catch (IOException) { /* Chromium may still release files; the temp dir is disposable */ }
    }
}

internal static partial class HeadlessChromium
{
    internal static async Task<string> ReadDevToolsEndpointAsync(Process chromium, CancellationToken ct)
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

    internal static async Task<string> PageSocketAsync(string browserSocket, CancellationToken ct)
    {
        var uri = new Uri(browserSocket);
        using var http = new HttpClient();
        var targets = JsonNode.Parse(await http.GetStringAsync($"http://{uri.Host}:{uri.Port}/json/list", ct))!.AsArray();
        return targets.First(t => t?["type"]?.GetValue<string>() == "page")!["webSocketDebuggerUrl"]!.GetValue<string>();
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevToolsLine();

    internal sealed class DevToolsSession(ClientWebSocket socket)
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
