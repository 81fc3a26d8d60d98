using Fountain.Chain.Identity;
using Fountain.Chain.State;
using Fountain.Chain.Transactions;
using static Fountain.Chain.Tests.Support.Fixtures;

namespace Fountain.Chain.Tests.Support;

/// <summary>
/// Six masternodes with their keys and one registered artwork, for tests of what custodians and challengers may do:
/// <see cref="Network"/> builds the state, two heights sealed and a storage report from each node in the second, so that
/// every node is a member, and eligible, at height 2.
/// </summary>
public abstract class SixNodeNetwork(string artworkName, int firstPort) : IDisposable
{
    protected readonly NodeKey[] Nodes = Enumerable.Range(0, 6).Select(_ => NodeKey.Create()).ToArray();
    protected readonly NodeKey Owner = NodeKey.Create();
    protected readonly RegisterArtwork Artwork = Fixtures.Artwork(artworkName, blocks: 6);

    public void Dispose()
    {
        foreach (var n in Nodes) n.Dispose();
        Owner.Dispose();
        GC.SuppressFinalize(this);
    }

    protected NodeKey Key(string id) => Nodes.Single(n => n.Id == id);

    protected ChainState Network(ChainOptions? options = null)
    {
        var state = Genesis(options);
        for (int i = 0; i < Nodes.Length; i++) state = RegisterNode(state, Nodes[i], firstPort + i);
        state = Accept(Accept(state, Owner, new Faucet(Tokens(100))), Owner, Artwork);
        return Members(state, Nodes);
    }
}
