using Fountain.Chain.Transactions;
using Fountain.Codec.Hashing;
using Fountain.Node.Client;
using Fountain.Node.Misbehaviour;
using Fountain.Node.Network;
using Fountain.Node.Storage;

namespace Fountain.Node.Challenges;

/// <summary>
/// The target's side of a challenge: hash the asked range of the block this node holds and sign the answer for the
/// challenger (<c>ReportChallenge.ResponseContent</c>). An honest node answers from its store only. A test node with a
/// <see cref="Misbehaviour.Misbehaviour"/> cheats here as its kind says (garbage, late, outsourced answers); the
/// kinds that drop or corrupt blocks cheat on disk (<see cref="MisbehaviourApplier"/>) and answer honestly from
/// what is left.
/// </summary>
internal sealed class ChallengeResponder(ChainView chain, BlockStore store, PeerClients clients, Misbehaviour.Misbehaviour cheat)
{
    private string NodeId => clients.Key.Id;

    /// <summary>The signed answer, or null when this node does not hold the block. Throws <see cref="ArgumentOutOfRangeException"/> for a range outside it.</summary>
    public async Task<ChallengeAnswer?> AnswerAsync(string challengerId, long epochHeight, string artworkId, Hash256 blockId, long offset, long length, CancellationToken cancellation)
    {
        Hash256? hash = cheat.Kind switch
        {
            MisbehaviourKind.GarbageAnswers => Sha3.Hash([.. "garbage"u8, .. blockId.ToString().Select(ch => (byte)ch), .. BitConverter.GetBytes(offset ^ epochHeight)]),
            MisbehaviourKind.Outsource => await OutsourcedHashAsync(blockId, offset, length, cancellation).ConfigureAwait(false),
            _ => store.HashRange(blockId, offset, length),
        };
        if (hash is not { } h) return null;
        if (cheat.Kind == MisbehaviourKind.LateAnswers) await Task.Delay(cheat.AnswerDelay, clients.Clock, cancellation).ConfigureAwait(false);
        // The cached id: a chain round trip here would race the challenger's deadline.
        var chainId = await chain.GetChainIdAsync(cancellation).ConfigureAwait(false);
        var text = h.ToString();
        var signature = clients.Key.Sign(ReportChallenge.ResponseContent(chainId, challengerId, NodeId, artworkId, blockId.ToString(), offset, length, epochHeight, text));
        return new ChallengeAnswer(text, Convert.ToBase64String(signature));
    }

    /// <summary>
    /// The outsourcing cheat: no local copy, so fetch the block from another holder, paying the fetch's cost in time (the
    /// WAN model: <c>misbehaviour-outsource-fetch-delay</c>). Honest holders refuse a placed holder the block
    /// (Api.HolderReadRule), so this cheater fails even with no delay; it gets through only where placement no longer names
    /// it, or through colluders, which that rule cannot see.
    /// </summary>
    private async Task<Hash256?> OutsourcedHashAsync(Hash256 blockId, long offset, long length, CancellationToken cancellation)
    {
        var row = store.Find(blockId);
        if (row is not null) return store.HashRange(blockId, offset, length);
        var membership = await chain.GetMembershipAsync(cancellation).ConfigureAwait(false);
        var others = membership.EligibleIds.Where(id => id != NodeId)
            .Select(id => Uri.TryCreate(membership.ById[id].Endpoint, UriKind.Absolute, out var uri) ? uri : null).OfType<Uri>();
        var block = await VerifiedBlockCopy.FetchAsync(clients, blockId, others, cancellation).ConfigureAwait(false);
        if (block is null) return null;
        await Task.Delay(cheat.OutsourceFetchDelay, clients.Clock, cancellation).ConfigureAwait(false);
        return VerifiedBlockCopy.HashRange(block, offset, length) ?? throw new ArgumentOutOfRangeException(nameof(offset), $"the range [{offset}, {offset}+{length}) is not within the block's {block.Length} bytes");
    }
}
