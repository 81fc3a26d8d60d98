using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace Fountain.Node.Tests.Api;

/// <summary>
/// An upload that sends its first bytes and then stalls until disposed: the slow-loris body a hostile client keeps a
/// server's store slot (and its disk file) busy with. The response, if the server answers before reading the body, is
/// in <see cref="Response"/>.
/// </summary>
internal sealed class SlowUpload : IAsyncDisposable
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _abort = new();

    private SlowUpload(HttpClient http, HttpRequestMessage request)
    {
        request.Content = new StallingContent(_release.Task);
        Response = http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _abort.Token);
    }

    public Task<HttpResponseMessage> Response { get; }

    /// <summary>A POST /artworks whose headers claim <paramref name="publicKeyBase64"/> but whose signature is random bytes.</summary>
    public static SlowUpload Forged(HttpClient http, Uri endpoint, string publicKeyBase64, long nowMilliseconds, long declaredBytes)
    {
        var request = Request(endpoint, "/artworks");
        request.Headers.Add("Fountain-Key", publicKeyBase64);
        request.Headers.Add("Fountain-Timestamp", nowMilliseconds.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("Fountain-Nonce", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        request.Headers.Add("Fountain-Target", endpoint.ToString());
        request.Headers.Add("Fountain-Body-Sha3", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        request.Headers.Add("Fountain-Body-Length", declaredBytes.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("Fountain-Signature", Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)));
        return new SlowUpload(http, request);
    }

    /// <summary>A request carrying the given (validly signed) headers, whose body stalls.</summary>
    public static SlowUpload WithHeaders(HttpClient http, Uri endpoint, string pathAndQuery, IEnumerable<KeyValuePair<string, string>> headers)
    {
        var request = Request(endpoint, pathAndQuery);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return new SlowUpload(http, request);
    }

    private static HttpRequestMessage Request(Uri endpoint, string pathAndQuery) => new(HttpMethod.Post, new Uri(endpoint, pathAndQuery))
    {
        Version = HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    /// <summary>The status the server answered with, or null if it has not answered within <paramref name="wait"/> (it is reading the stalled body).</summary>
    public async Task<HttpStatusCode?> StatusWithin(TimeSpan wait)
    {
        var done = await Task.WhenAny(Response, Task.Delay(wait));
        if (done != Response) return null;
        try { return (await Response).StatusCode; }
        catch (HttpRequestException) { return null; }
    }

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        await _abort.CancelAsync();
        try { (await Response).Dispose(); }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException) { }
        _abort.Dispose();
    }

    private sealed class StallingContent(Task release) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(new byte[1024]);
            await stream.FlushAsync();
            await release;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
