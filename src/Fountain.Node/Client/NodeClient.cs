using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Fountain.Chain.Identity;
using Fountain.Codec.Hashing;
using Fountain.Node.Protocol;

namespace Fountain.Node.Client;

/// <summary>
/// A typed client of one masternode's HTTP/2 API, for clients (store, retrieve) and for node-to-node uploads.
/// Every request is signed with <see cref="RequestSigning"/> by the key given, for this one node (its endpoint is the
/// signed target: another node refuses the request), with the body's hash and length in signed headers, over HTTP/2 only (h2c: plain
/// text, prior knowledge, <see cref="HttpVersionPolicy.RequestVersionExact"/>), and bounded by a timeout.
/// Refusals and failures surface as <see cref="NodeRequestException"/> carrying the node's reason; a block
/// the node does not hold is a null, not an error. Share one <see cref="HttpClient"/> (from
/// <see cref="CreateHttpClient"/>) among the clients of many nodes: it pools the connections.
/// </summary>
public sealed class NodeClient
{
    private readonly HttpClient _http;
    private readonly NodeKey _signer;
    private readonly TimeProvider _clock;

    public NodeClient(HttpClient http, Uri endpoint, NodeKey signer, TimeProvider? clock = null, NodeClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(signer);
        if (!endpoint.IsAbsoluteUri) throw new ArgumentException($"'{endpoint}' is not an absolute URL.", nameof(endpoint));
        _http = http;
        Endpoint = endpoint;
        _signer = signer;
        _clock = clock ?? TimeProvider.System;
        Options = options ?? new NodeClientOptions();
    }

    public Uri Endpoint { get; }
    public NodeClientOptions Options { get; }

    /// <summary>An HttpClient for node APIs: HTTP/2 over plain text, several connections per node when streams run out, no client-wide timeout (each request has its own).</summary>
    public static HttpClient CreateHttpClient(TimeSpan? connectTimeout = null) =>
        new(new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };

    /// <summary>Places a block on the node. Throws <see cref="NodeRequestException"/> when it is refused (403, 409, 422, 507 ...).</summary>
    public Task<PutBlockResponse> PutBlockAsync(Hash256 blockId, ReadOnlyMemory<byte> block, CancellationToken cancellation = default) =>
        PutAsync(blockId, block, Sha3.HashHex(block.Span), cancellation);

    /// <summary>
    /// <see cref="PutBlockAsync"/> for a block this process has just encoded: its id is the SHA3-256 of its bytes,
    /// which is the body hash the signature needs, so the block is not hashed again.
    /// </summary>
    internal Task<PutBlockResponse> PutEncodedBlockAsync(Hash256 blockId, ReadOnlyMemory<byte> block, CancellationToken cancellation = default) =>
        PutAsync(blockId, block, blockId.ToString(), cancellation);

    private async Task<PutBlockResponse> PutAsync(Hash256 blockId, ReadOnlyMemory<byte> block, string bodyHashHex, CancellationToken cancellation)
    {
        using var timeout = Timeout(Options.RequestTimeout, cancellation);
        var content = new ReadOnlyMemoryContent(block);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await SendAsync(HttpMethod.Put, $"/blocks/{blockId}", content, bodyHashHex, block.Length, timeout).ConfigureAwait(false);
        return await ReadJsonAsync(response, NodeJson.Default.PutBlockResponse, timeout).ConfigureAwait(false);
    }

    /// <summary>The block's bytes as the node sends them (unverified: check them against the id), or null if the node does not hold it.</summary>
    public async Task<byte[]?> GetBlockAsync(Hash256 blockId, CancellationToken cancellation = default)
    {
        using var timeout = Timeout(Options.RequestTimeout, cancellation);
        using var response = await SendAsync(HttpMethod.Get, $"/blocks/{blockId}", null, RequestSigning.EmptyBodyHashHex, 0, timeout, allowNotFound: true).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        return await ReadBoundedAsync(response, Options.MaxBlockBytes, timeout).ConfigureAwait(false);
    }

    /// <summary>The size of a held block, or null if the node does not hold it.</summary>
    public async Task<long?> HeadBlockAsync(Hash256 blockId, CancellationToken cancellation = default)
    {
        using var timeout = Timeout(Options.RequestTimeout, cancellation);
        using var response = await SendAsync(HttpMethod.Head, $"/blocks/{blockId}", null, RequestSigning.EmptyBodyHashHex, 0, timeout, allowNotFound: true).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        return response.Content.Headers.ContentLength
            ?? throw new NodeRequestException(Endpoint, response.StatusCode, "the answer to HEAD has no Content-Length");
    }

    public async Task<ArtworkBlocksResponse> ListArtworkBlocksAsync(Hash256 artworkId, CancellationToken cancellation = default)
    {
        using var timeout = Timeout(Options.RequestTimeout, cancellation);
        using var response = await SendAsync(HttpMethod.Get, $"/artworks/{artworkId}/blocks", null, RequestSigning.EmptyBodyHashHex, 0, timeout).ConfigureAwait(false);
        return await ReadJsonAsync(response, NodeJson.Default.ArtworkBlocksResponse, timeout).ConfigureAwait(false);
    }

    /// <summary>Asks the node for SHA3-256 of bytes [offset, offset + length) of a block it holds (a storage challenge), or null if it does not hold it.</summary>
    public async Task<RangeHashResponse?> HashRangeAsync(Hash256 blockId, long offset, long length, CancellationToken cancellation = default)
    {
        using var timeout = Timeout(Options.RequestTimeout, cancellation);
        var path = string.Create(CultureInfo.InvariantCulture, $"/blocks/{blockId}/range-hash?offset={offset}&length={length}");
        using var response = await SendAsync(HttpMethod.Post, path, null, RequestSigning.EmptyBodyHashHex, 0, timeout, allowNotFound: true).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        return await ReadJsonAsync(response, NodeJson.Default.RangeHashResponse, timeout).ConfigureAwait(false);
    }

    public async Task<NodeStatus> GetStatusAsync(CancellationToken cancellation = default)
    {
        using var timeout = Timeout(Options.RequestTimeout, cancellation);
        using var response = await SendAsync(HttpMethod.Get, "/status", null, RequestSigning.EmptyBodyHashHex, 0, timeout).ConfigureAwait(false);
        return await ReadJsonAsync(response, NodeJson.Default.NodeStatus, timeout).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends an archive (tar + zstd, as <c>ArchivePacker</c> makes it) for the node to encode and place; the
    /// signer is the artwork's owner. Returns the ticket draft the owner signs <c>RegisterArtwork</c> from. The
    /// file is read twice: once to hash it for the signature, once to send it. <paramref name="bytesSent"/> hears the
    /// running total of archive bytes handed to the connection; the node answers only once it has placed every block.
    /// </summary>
    public async Task<TicketDraft> StoreArchiveAsync(string archivePath, CancellationToken cancellation = default, IProgress<long>? bytesSent = null)
    {
        using var timeout = Timeout(Options.StoreTimeout, cancellation);
        string bodyHash;
        await using (var hashing = File.OpenRead(archivePath))
        {
            bodyHash = (await Task.Run(() => Sha3.Hash(hashing), timeout.Token).ConfigureAwait(false)).ToString();
        }
        await using var file = File.OpenRead(archivePath);
        long length = file.Length;
        var content = new StreamContent(bytesSent is null ? file : new Fountain.Codec.Archive.ProgressStream(file, bytesSent, 0), 256 * 1024);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentLength = length;
        using var response = await SendAsync(HttpMethod.Post, "/artworks", content, bodyHash, length, timeout).ConfigureAwait(false);
        return await ReadJsonAsync(response, NodeJson.Default.TicketDraft, timeout).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, HttpContent? content, string bodyHashHex, long bodyLength, RequestScope scope,
        bool allowNotFound = false)
    {
        using var request = RequestSigning.CreateRequest(_signer, method, Endpoint, pathAndQuery, bodyHashHex, bodyLength, _clock.GetUtcNow().ToUnixTimeMilliseconds(), content);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, scope.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (scope.TimedOut)
        {
            throw new NodeRequestException(Endpoint, null, "the request timed out", e);
        }
        catch (HttpRequestException e)
        {
            throw new NodeRequestException(Endpoint, null, e.Message, e);
        }
        if (response.IsSuccessStatusCode || (allowNotFound && response.StatusCode == HttpStatusCode.NotFound)) return response;
        using (response)
        {
            throw new NodeRequestException(Endpoint, response.StatusCode, await ReadErrorAsync(response, scope.Token).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// The caller's token linked with this request's timeout. A cancellation the caller asked for is rethrown as
    /// is; one caused by the timeout becomes a <see cref="NodeRequestException"/>.
    /// </summary>
    private sealed class RequestScope : IDisposable
    {
        private readonly CancellationTokenSource _timeout;
        private readonly CancellationTokenSource _linked;

        public RequestScope(TimeSpan timeout, TimeProvider clock, CancellationToken caller)
        {
            _timeout = new CancellationTokenSource(timeout, clock);
            _linked = CancellationTokenSource.CreateLinkedTokenSource(caller, _timeout.Token);
        }

        public CancellationToken Token => _linked.Token;
        public bool TimedOut => _timeout.IsCancellationRequested;

        public void Dispose()
        {
            _linked.Dispose();
            _timeout.Dispose();
        }
    }

    private RequestScope Timeout(TimeSpan timeout, CancellationToken caller) => new(timeout, _clock, caller);

    private async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, RequestScope scope)
    {
        var bytes = await ReadBoundedAsync(response, Options.MaxJsonBytes, scope).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(bytes, type) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new NodeRequestException(Endpoint, response.StatusCode, $"the answer is not a valid {typeof(T).Name}: {e.Message}", e);
        }
    }

    private async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, long maxBytes, RequestScope scope)
    {
        if (response.Content.Headers.ContentLength is { } declared && declared > maxBytes)
            throw new NodeRequestException(Endpoint, response.StatusCode, $"the answer has {declared} bytes, more than the limit of {maxBytes}");
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(scope.Token).ConfigureAwait(false);
            var buffer = new ArrayBufferWriter<byte>((int)Math.Min(response.Content.Headers.ContentLength ?? 64 * 1024, maxBytes) + 1);
            while (true)
            {
                var memory = buffer.GetMemory(64 * 1024);
                int read = await stream.ReadAsync(memory, scope.Token).ConfigureAwait(false);
                if (read == 0) break;
                buffer.Advance(read);
                if (buffer.WrittenCount > maxBytes) throw new NodeRequestException(Endpoint, response.StatusCode, $"the answer is longer than the limit of {maxBytes} bytes");
            }
            return buffer.WrittenSpan.ToArray();
        }
        catch (OperationCanceledException e) when (scope.TimedOut)
        {
            throw new NodeRequestException(Endpoint, response.StatusCode, "the answer timed out", e);
        }
        catch (Exception e) when (e is (HttpRequestException and not NodeRequestException) or IOException)
        {
            throw new NodeRequestException(Endpoint, response.StatusCode, $"the answer broke off: {e.Message}", e);
        }
    }

    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
            if (text.Length > 4096) text = text[..4096];
            try { return JsonSerializer.Deserialize(text, NodeJson.Default.ErrorResponse)?.Error ?? text; }
            catch (JsonException) { return text.Length == 0 ? response.ReasonPhrase ?? "no reason given" : text; }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            return response.ReasonPhrase ?? "no reason given";
        }
    }
}
