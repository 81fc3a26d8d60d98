using System.Net;

namespace Fountain.Node.Tests.Api;

/// <summary>
/// What an eavesdropper (or the node a request was sent to) keeps of a signed request: its method, path, headers and
/// body, as they went on the wire. <see cref="ReplayTo"/> sends exactly that to another node.
/// </summary>
internal sealed class RequestCapture : DelegatingHandler
{
    public RequestCapture() : base(new SocketsHttpHandler()) { }

    public List<(HttpMethod Method, string PathAndQuery, List<KeyValuePair<string, string>> Headers, byte[] Body)> Sent { get; } = [];

    public HttpClient CreateClient() => new(this)
    {
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = request.Headers.Where(h => h.Key.StartsWith("Fountain-", StringComparison.OrdinalIgnoreCase))
            .Select(h => KeyValuePair.Create(h.Key, string.Join(",", h.Value))).ToList();
        Sent.Add((request.Method, request.RequestUri!.PathAndQuery, headers, body));
        if (request.Content is not null)
        {
            var replacement = new ByteArrayContent(body);
            foreach (var h in request.Content.Headers) replacement.Headers.TryAddWithoutValidation(h.Key, h.Value);
            request.Content = replacement;
        }
        return await base.SendAsync(request, cancellationToken);
    }

    /// <summary>Sends the <paramref name="index"/>-th captured request, unchanged, to <paramref name="endpoint"/>.</summary>
    public async Task<HttpStatusCode> ReplayTo(HttpClient http, Uri endpoint, int index = 0)
    {
        var (method, pathAndQuery, headers, body) = Sent[index];
        using var request = new HttpRequestMessage(method, new Uri(endpoint, pathAndQuery))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = body.Length == 0 && method != HttpMethod.Put && method != HttpMethod.Post ? null : new ByteArrayContent(body),
        };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
