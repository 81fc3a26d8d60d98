using System.Net;

namespace Fountain.Node.Client;

/// <summary>A node refused a request or could not be reached; <see cref="StatusCode"/> is null when there was no answer.</summary>
public sealed class NodeRequestException(Uri endpoint, HttpStatusCode? statusCode, string reason, Exception? inner = null)
    : Exception($"{endpoint}: {(statusCode is { } s ? $"{(int)s} {s}: " : "")}{reason}", inner)
{
    public Uri Endpoint { get; } = endpoint;
    public HttpStatusCode? StatusCode { get; } = statusCode;
    public string Reason { get; } = reason;
}
