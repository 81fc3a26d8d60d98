using System.Text.Json.Serialization;

namespace Fountain.Node.Status;

/// <summary>A node of the development network as its page lists it: its place, its status page, and its figures (null while it is stopped).</summary>
public sealed record ClusterNodeStatus(int Index, string? StatusUrl, NodeStatusSnapshot? Status);

/// <summary>The development network's page data: every node of <c>fountain cluster up</c>.</summary>
public sealed record ClusterStatus(string ChainUrl, DateTimeOffset TakenAt, IReadOnlyList<ClusterNodeStatus> Nodes);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(NodeStatusSnapshot))]
[JsonSerializable(typeof(ClusterStatus))]
internal sealed partial class StatusJson : JsonSerializerContext;
