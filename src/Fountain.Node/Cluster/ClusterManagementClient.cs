using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Fountain.Actors.Cluster;
using Fountain.Chain.Identity;
using Fountain.Node.Client;
using Fountain.Node.Protocol;

namespace Fountain.Node.Cluster;

/// <summary>
/// The operator's side of the cluster's management API (<see cref="ClusterManagementApi"/>): signed requests to one
/// node, with its operator's key (the node's own node.key) for leave, down and join, or any masternode's key for show.
/// A refusal (the node's answer) is a <see cref="NodeRequestException"/> with its reason, except a command Akka was
/// asked and refused, which comes back as a <see cref="ClusterCommandResult"/> that is not accepted.
/// </summary>
public sealed class ClusterManagementClient(HttpClient http, Uri endpoint, NodeKey signer, TimeSpan? timeout = null)
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(30);

    public Task<ClusterView> ShowAsync(CancellationToken cancellation = default) =>
        SendAsync(HttpMethod.Get, ClusterManagementApi.ShowPath, null, ClusterJson.Default.ClusterView, acceptConflict: false, cancellation);

    public Task<ClusterCommandResult> LeaveAsync(string target, CancellationToken cancellation = default) => CommandAsync(ClusterManagementApi.LeavePath, target, cancellation);

    public Task<ClusterCommandResult> DownAsync(string target, CancellationToken cancellation = default) => CommandAsync(ClusterManagementApi.DownPath, target, cancellation);

    public Task<ClusterCommandResult> JoinAsync(string target, CancellationToken cancellation = default) => CommandAsync(ClusterManagementApi.JoinPath, target, cancellation);

    private Task<ClusterCommandResult> CommandAsync(string path, string target, CancellationToken cancellation) =>
        SendAsync(HttpMethod.Post, path, JsonSerializer.SerializeToUtf8Bytes(new ClusterCommandRequest(target), ClusterJson.Default.ClusterCommandRequest),
            ClusterJson.Default.ClusterCommandResult, acceptConflict: true, cancellation);

    private Task<T> SendAsync<T>(HttpMethod method, string path, byte[]? body, JsonTypeInfo<T> type, bool acceptConflict, CancellationToken cancellation) =>
        SignedJsonCall.SendAsync(http, signer, TimeProvider.System, endpoint, method, path, body, type, _timeout, "node", cancellation,
            acceptConflict ? System.Net.HttpStatusCode.Conflict : null);
}
