using System.Net;

namespace Fountain.Node.Client;

/// <summary>
/// A node refused a request or could not be reached; <see cref="HttpRequestException.StatusCode"/> is null when
/// there was no answer. It is an <see cref="HttpRequestException"/>, so code that handles failed HTTP requests
/// (the retriever moving on to the next holder, for one) handles it too.
/// </summary>
public sealed class NodeRequestException(Uri endpoint, HttpStatusCode? statusCode, string reason, Exception? inner = null)
    : HttpRequestException($"{endpoint}: {(statusCode is { } s ? $"{(int)s} {s}: " : "")}{reason}", inner, statusCode)
{
    public Uri Endpoint { get; } = endpoint;
    public string Reason { get; } = reason;
}
