using System.Text.Json;
using System.Text.Json.Serialization;
using Fountain.Actors.Cluster;
using Fountain.Node.Api;
using Fountain.Node.Network;
using Fountain.Node.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fountain.Node.Cluster;

/// <summary>A leave, down or join: the member by its cluster address (akka.tcp://fountain@host:port) or its masternode id.</summary>
public sealed record ClusterCommandRequest(string Target);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ClusterView))]
[JsonSerializable(typeof(ClusterCommandRequest))]
[JsonSerializable(typeof(ClusterCommandResult))]
public sealed partial class ClusterJson : JsonSerializerContext;

/// <summary>
/// The cluster's management on the node's signed API (like Petabridge.Cmd, which our source does not serve):
/// <list type="bullet">
/// <item>GET /cluster: members, status, reachability, leader, roles, shards and artworks per member. Any registered
/// masternode may read it (members see one another anyway); nobody else.</item>
/// <item>POST /cluster/leave, /cluster/down, /cluster/join with a <see cref="ClusterCommandRequest"/>: only this
/// node's own key, its operator's, may; another masternode's signature is refused (403), for a member's say over the
/// cluster is the guard's, from the chain, never a peer's request.</item>
/// </list>
/// A node that runs alone answers 404. Every request is signed like every node request (method, path, body hash,
/// timestamp, nonce) and a replay is refused.
/// </summary>
internal sealed class ClusterManagementApi(RequestAuthenticator authenticator, string nodeId, Func<NodeClusterMembership?> membership)
{
    public const string ShowPath = "/cluster";
    public const string LeavePath = "/cluster/leave", DownPath = "/cluster/down", JoinPath = "/cluster/join";
    private const int MaxBodyBytes = 4096;
    public const string RemovedNotice = "removed from the cluster (downed): this node checks the artworks it is custodian of alone until it restarts";
    private static readonly TimeSpan ShowTimeout = TimeSpan.FromSeconds(5);

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapMethods(ShowPath, [HttpMethods.Get], ShowAsync);
        app.MapMethods(LeavePath, [HttpMethods.Post], c => CommandAsync(c, (m, address) => m.Leave(address)));
        app.MapMethods(DownPath, [HttpMethods.Post], c => CommandAsync(c, (m, address) => m.Down(address)));
        app.MapMethods(JoinPath, [HttpMethods.Post], c => CommandAsync(c, (m, address) => m.Join(address)));
    }

    private async Task ShowAsync(HttpContext context)
    {
        var (authenticated, _) = await AuthenticateAsync(context);
        if (authenticated is null) return;
        if (authenticated.Signer.Id != nodeId && !authenticated.IsMember)
        {
            await ApiReplies.RefuseAsync(context, authenticator.Count(new Refusal(403, "only a member masternode may read the cluster's state", RefusalKind.NotMember)));
            return;
        }
        if (membership() is not { } member) { await RefuseAsync(context, 404, "this node runs alone, not in a cluster"); return; }
        var view = await member.Management.ShowAsync(ShowTimeout, context.RequestAborted);
        // Downed out of the cluster, the node runs on and checks its artworks alone; say so where the shards would be.
        if (member.Removed) view = view with { ShardStatsError = RemovedNotice };
        await WriteAsync(context, 200, view, ClusterJson.Default.ClusterView);
    }

    private async Task CommandAsync(HttpContext context, Func<ClusterManagement, string, ClusterCommandResult> command)
    {
        var (authenticated, body) = await AuthenticateAsync(context);
        if (authenticated is null) return;
        if (authenticated.Signer.Id != nodeId) { await RefuseAsync(context, 403, "only this node's operator (its own node key) may change the cluster through it"); return; }
        if (membership() is not { } member) { await RefuseAsync(context, 404, "this node runs alone, not in a cluster"); return; }
        ClusterCommandRequest? request;
        try { request = JsonSerializer.Deserialize(body, ClusterJson.Default.ClusterCommandRequest); }
        catch (JsonException e) { await RefuseAsync(context, 400, $"the body is not a cluster command: {e.Message}"); return; }
        if (string.IsNullOrWhiteSpace(request?.Target)) { await RefuseAsync(context, 400, "the command names no target"); return; }
        var address = AddressOf(request.Target, member.Roster);
        if (address is null) { await RefuseAsync(context, 404, $"the chain lists no masternode {request.Target}"); return; }
        var result = command(member.Management, address);
        await WriteAsync(context, result.Accepted ? 200 : 409, result, ClusterJson.Default.ClusterCommandResult);
    }

    /// <summary>An Akka address as given; a masternode id (or a unique prefix of one) as the roster's address for it.</summary>
    private static string? AddressOf(string target, MasternodeRoster? roster)
    {
        if (target.Contains("://", StringComparison.Ordinal)) return target;
        var matches = roster?.Entries.Where(e => e.NodeId.StartsWith(target, StringComparison.OrdinalIgnoreCase)).Take(2).ToList() ?? [];
        return matches.Count == 1 ? matches[0].Address : null;
    }

    /// <summary>The signed request (headers first, then the body held to what was signed), or null once refused.</summary>
    private async Task<(AuthenticatedRequest? Request, byte[] Body)> AuthenticateAsync(HttpContext context)
    {
        var (authenticated, refusal) = await authenticator.AuthenticateAsync(context, MaxBodyBytes);
        if (authenticated is null) { await ApiReplies.RefuseAsync(context, refusal!); return (null, []); }
        using var body = await RequestBody.ReadToBufferAsync(context.Request, checked((int)authenticated.BodyLength), context.RequestAborted);
        if (body is null) { await ApiReplies.RefuseAsync(context, authenticator.BodyLongerThanSigned(authenticated)); return (null, []); }
        if (authenticator.CheckBody(authenticated, body.Length, body.Sha3Hex) is { } mismatch) { await ApiReplies.RefuseAsync(context, mismatch); return (null, []); }
        return (authenticated, body.Memory.ToArray());
    }

    private static async Task WriteAsync<T>(HttpContext context, int status, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, type, context.RequestAborted);
    }

    private static Task RefuseAsync(HttpContext context, int status, string reason) => WriteAsync(context, status, new ErrorResponse(reason), NodeJson.Default.ErrorResponse);
}
