using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Fountain.Node.Protocol;
using Microsoft.AspNetCore.Http;

namespace Fountain.Node.Api;

/// <summary>How every route of the node's API answers: JSON, and a refusal as an <see cref="ErrorResponse"/> with its status.</summary>
internal static class ApiReplies
{
    public static Task RefuseAsync(HttpContext context, Refusal refusal) =>
        WriteJsonAsync(context, refusal.Status, new ErrorResponse(refusal.Reason), NodeJson.Default.ErrorResponse);

    public static async Task WriteJsonAsync<T>(HttpContext context, int status, T value, JsonTypeInfo<T> type)
    {
        if (context.Response.HasStarted) return;
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        if (HttpMethods.IsHead(context.Request.Method)) return;
        await JsonSerializer.SerializeAsync(context.Response.Body, value, type, context.RequestAborted);
    }
}
