using Fountain.Chain.Model;

namespace Fountain.Node.Network;

/// <summary>
/// The masternode list as read from the chain at one head. Eligible nodes (registered and not under penalty
/// at that height) are the ones placement selects from (DESIGN.md, "Identities, selection, epochs").
/// </summary>
internal sealed class Membership
{
    private readonly IReadOnlyList<Masternode> _masternodes;

    public Membership(ChainHead head, IReadOnlyList<Masternode> masternodes, DateTimeOffset fetchedAt)
    {
        _masternodes = masternodes;
        Head = head;
        FetchedAt = fetchedAt;
        ById = masternodes.ToDictionary(m => m.Id, StringComparer.Ordinal);
        EligibleIds = Placement.EligibleIds(masternodes, head.Height);
    }

    public ChainHead Head { get; }
    public DateTimeOffset FetchedAt { get; }
    public IReadOnlyDictionary<string, Masternode> ById { get; }
    public IReadOnlyList<string> EligibleIds { get; }

    /// <summary>
    /// The same masternode list judged at an earlier head (the epoch a duty was decided at): eligibility and selection
    /// are computed for that height, as the chain computes custody for an amendment's epoch from its current list.
    /// </summary>
    public Membership At(ChainHead epoch) => epoch.Hash == Head.Hash ? this : new Membership(epoch, _masternodes, FetchedAt);

    public bool IsRegistered(string nodeId) => ById.ContainsKey(nodeId);

    /// <summary>Registered and proven by a storage report (<see cref="Masternode.IsMemberAt"/>): a registration alone gives no rights.</summary>
    public bool IsMember(string nodeId) => ById.TryGetValue(nodeId, out var node) && node.IsMemberAt(Head.Height);

    public bool IsEligible(string nodeId) => ById.TryGetValue(nodeId, out var node) && node.IsEligibleAt(Head.Height);
}
