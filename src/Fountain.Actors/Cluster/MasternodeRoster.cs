using Fountain.Chain;
using Fountain.Chain.Model;

namespace Fountain.Actors.Cluster;

/// <summary>A masternode as the cluster sees it: its chain id, its derived cluster address, and whether the chain's custody rule may pick it now.</summary>
/// <param name="MayHoldCustody">Eligible at the epoch (<see cref="Masternode.IsEligibleAt"/>: not penalised, not offline): only such nodes are custodians, so only they host artwork shards.</param>
/// <param name="RegisteredAtHeight">The height that sealed its registration: the seed ranking's key (<see cref="SeedNodes"/>).</param>
/// <param name="Offline">Flagged offline by the chain (no recent storage report): a poor seed, ranked last.</param>
public sealed record RosterEntry(string NodeId, string Address, bool MayHoldCustody, long RegisteredAtHeight = 0, bool Offline = false);

/// <summary>
/// Who may be in the cluster, as the chain says at <see cref="Epoch"/> (pure data). A registered masternode that is
/// not disqualified is a member: a node under penalty or flagged offline still holds blocks and serves reads, it only
/// gets no custody (so no shards) until it is eligible again. Everything else connecting is a stranger.
/// </summary>
public sealed class MasternodeRoster
{
    private readonly Dictionary<string, RosterEntry> _byAddress;

    /// <param name="entries">One per address: two entries at one address (compared in canonical form) are refused.</param>
    public MasternodeRoster(ChainHead epoch, IReadOnlyList<RosterEntry> entries)
    {
        Epoch = epoch;
        Entries = entries;
        _byAddress = new Dictionary<string, RosterEntry>(StringComparer.Ordinal);
        foreach (var e in entries)
            if (!_byAddress.TryAdd(ClusterAddresses.Canonical(e.Address), e)) throw new ArgumentException($"two roster entries at {e.Address}", nameof(entries));
    }

    /// <summary>The chain's head the roster was read at: the epoch of the custody rule.</summary>
    public ChainHead Epoch { get; }

    public IReadOnlyList<RosterEntry> Entries { get; }

    /// <summary>The entry registered at this cluster address, if any (addresses compared in canonical form).</summary>
    public RosterEntry? At(string address) => _byAddress.GetValueOrDefault(ClusterAddresses.Canonical(address));

    public bool Contains(string address) => _byAddress.ContainsKey(ClusterAddresses.Canonical(address));

    /// <summary>
    /// The roster of a chain's masternode list at <paramref name="epoch"/>. An endpoint that yields no address is left
    /// out (that node cannot be reached anyway); when two registrations yield one address (e.g. "http://a" and
    /// "http://a:80"), the earlier registration keeps it, so a later one cannot take over a running member's address.
    /// </summary>
    /// <param name="protocol">The transport's scheme: <see cref="ClusterAddresses.TlsProtocol"/> when remoting runs over TLS.</param>
    public static MasternodeRoster FromChain(ChainHead epoch, IEnumerable<Masternode> masternodes, int portOffset = ClusterAddresses.DefaultPortOffset,
        string protocol = ClusterAddresses.Protocol)
    {
        var entries = masternodes
            .Where(m => !m.Disqualified && m.RegisteredAtHeight <= epoch.Height)
            .Select(m => (Node: m, Address: ClusterAddresses.FromEndpoint(m.Endpoint, portOffset, protocol)))
            .Where(x => x.Address is not null)
            .GroupBy(x => x.Address!, StringComparer.Ordinal)
            .Select(g => g.OrderBy(x => x.Node.RegisteredAtHeight).ThenBy(x => x.Node.Id, StringComparer.Ordinal).First())
            .Select(x => new RosterEntry(x.Node.Id, x.Address!, x.Node.IsEligibleAt(epoch.Height), x.Node.RegisteredAtHeight, x.Node.Offline))
            .OrderBy(e => e.NodeId, StringComparer.Ordinal)
            .ToList();
        return new MasternodeRoster(epoch, entries);
    }
}

/// <summary>
/// The port through which the cluster reads the chain's roster (the node implements it over its chain view; tests in
/// memory). A read that fails throws: the guard then acts on nothing, rather than on an empty list.
/// </summary>
public interface IMasternodeDirectory
{
    Task<MasternodeRoster> ReadAsync(CancellationToken cancellation);
}

/// <summary>The directory straight from an <see cref="IChain"/>: its head is the epoch, its masternode list the roster.</summary>
public sealed class ChainMasternodeDirectory(IChain chain, int portOffset = ClusterAddresses.DefaultPortOffset) : IMasternodeDirectory
{
    public async Task<MasternodeRoster> ReadAsync(CancellationToken cancellation)
    {
        var head = await chain.GetHeadAsync(cancellation).ConfigureAwait(false);
        var masternodes = await chain.GetMasternodesAsync(cancellation).ConfigureAwait(false);
        return MasternodeRoster.FromChain(head, masternodes, portOffset);
    }
}
