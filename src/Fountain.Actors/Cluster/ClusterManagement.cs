using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;

namespace Fountain.Actors.Cluster;

/// <summary>One member as the management view shows it.</summary>
/// <param name="NodeId">The masternode id the roster gives this address; null for an address the chain does not list.</param>
/// <param name="Shards">Artwork shards (one per artwork) it hosts; null when the sharding statistics did not answer.</param>
/// <param name="Entities">Artwork actors running in those shards; null likewise.</param>
public sealed record ClusterMemberView(string Address, string Status, bool Reachable, IReadOnlyList<string> Roles, bool IsLeader, bool IsSelf, string? NodeId,
    int? Shards, int? Entities);

/// <param name="Self">This node's cluster address.</param>
/// <param name="Leader">The members' leader (the member that moves others' statuses); null while there is none.</param>
/// <param name="ShardStatsError">Why the shard and entity counts are missing, if they are.</param>
public sealed record ClusterView(string Self, string? Leader, IReadOnlyList<ClusterMemberView> Members, string? ShardStatsError);

/// <summary>The outcome of a management command: accepted (Akka acts on it asynchronously) or refused, and why.</summary>
public sealed record ClusterCommandResult(bool Accepted, string Address, string Message)
{
    internal static ClusterCommandResult Refused(string address, string why) => new(false, address, why);
}

/// <summary>
/// The cluster's management operations for the node's authenticated API (DESIGN.md: Petabridge.Cmd and Akka.Management
/// are not usable here): show the members with their status, reachability, roles, the leader and the artwork shards and
/// entities on each; leave, down and join. No HTTP here: the node exposes it. Commands are checked before they reach
/// Akka, which ignores or mishandles some silently (a leave of a non-member, a join while already a member), and a join
/// is only towards a masternode the roster lists, so that an operator's session cannot take the node into another cluster.
/// </summary>
public sealed class ClusterManagement(ActorSystem system, IActorRef? artworkRegion = null, Func<MasternodeRoster?>? roster = null)
{
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(system);

    public async Task<ClusterView> ShowAsync(TimeSpan timeout, CancellationToken cancellation = default)
    {
        var state = _cluster.State;
        var self = _cluster.SelfAddress;
        var listed = roster?.Invoke();
        Dictionary<string, (int Shards, int Entities)>? load = null;
        string? statsError = artworkRegion is null ? "no artwork region on this node" : null;
        if (artworkRegion is not null)
        {
            try
            {
                var stats = await artworkRegion.Ask<ClusterShardingStats>(new GetClusterShardingStats(timeout), timeout + TimeSpan.FromSeconds(1), cancellation)
                    .ConfigureAwait(false);
                load = stats.Regions.ToDictionary(r => r.Key.ToString(), r => (r.Value.Stats.Count, r.Value.Stats.Values.Sum()), StringComparer.Ordinal);
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException or TimeoutException)
            {
                statsError = $"the shard coordinator did not answer within {timeout}";
            }
        }
        var members = state.Members.OrderBy(m => m.Address.ToString(), StringComparer.Ordinal).Select(m =>
        {
            var address = m.Address.ToString();
            var counts = load?.GetValueOrDefault(address);
            return new ClusterMemberView(address, m.Status.ToString(), !state.Unreachable.Contains(m), m.Roles.Order(StringComparer.Ordinal).ToList(),
                Equals(m.Address, state.Leader), Equals(m.Address, self), listed?.At(address)?.NodeId, load is null ? null : counts?.Shards ?? 0,
                load is null ? null : counts?.Entities ?? 0);
        }).ToList();
        return new ClusterView(self.ToString(), state.Leader?.ToString(), members, statsError);
    }

    /// <summary>Has a member leave gracefully (its shards are handed off first); this node too.</summary>
    public ClusterCommandResult Leave(string address)
    {
        if (Member(address, out var member) is { } refused) return refused;
        if (member!.Status is not (MemberStatus.Joining or MemberStatus.WeaklyUp or MemberStatus.Up))
            return ClusterCommandResult.Refused(address, $"it is {member.Status}, already on its way out");
        _cluster.Leave(member.Address);
        return new ClusterCommandResult(true, address, "leaving: its shards are handed off, then it is removed");
    }

    /// <summary>Marks a member down (for one that is gone or will not leave): it is removed without a hand-off and its shards start elsewhere.</summary>
    public ClusterCommandResult Down(string address)
    {
        if (Member(address, out var member) is { } refused) return refused;
        if (member!.Status is MemberStatus.Down or MemberStatus.Removed) return ClusterCommandResult.Refused(address, $"it is {member.Status} already");
        _cluster.Down(member.Address);
        return new ClusterCommandResult(true, address, "downed: it is removed and its shards start on other members");
    }

    /// <summary>Has this node join the cluster through <paramref name="address"/>, a masternode the roster lists, if it is not a member of one already.</summary>
    public ClusterCommandResult Join(string address)
    {
        if (!TryParse(address, out var target)) return ClusterCommandResult.Refused(address, "not an Akka address (akka.tcp://fountain@host:port)");
        if (_cluster.State.Members.Any(m => m.Address.Equals(_cluster.SelfAddress) && m.Status != MemberStatus.Removed))
            return ClusterCommandResult.Refused(address, "this node is a member of a cluster already; it must leave first");
        var listed = roster?.Invoke();
        if (listed is null) return ClusterCommandResult.Refused(address, "the roster has not been read yet");
        if (!listed.Contains(address)) return ClusterCommandResult.Refused(address, "the chain does not list a masternode at that address");
        _cluster.Join(target!);
        return new ClusterCommandResult(true, address, "joining");
    }

    private ClusterCommandResult? Member(string address, out Member? member)
    {
        member = null;
        if (!TryParse(address, out var parsed)) return ClusterCommandResult.Refused(address, "not an Akka address (akka.tcp://fountain@host:port)");
        member = _cluster.State.Members.FirstOrDefault(m => m.Address.Equals(parsed));
        return member is null ? ClusterCommandResult.Refused(address, "not a member of this cluster") : null;
    }

    private static bool TryParse(string address, out Address? parsed)
    {
        try
        {
            parsed = Address.Parse(address);
            return parsed.HasGlobalScope;
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or FormatException)
        {
            parsed = null;
            return false;
        }
    }
}
