using Fountain.Codec.Hashing;
using Fountain.Node.Challenges;
using Fountain.Node.Hosting;

namespace Fountain.Cluster.Tests.Misbehaviour;

/// <summary>
/// A cheating node's answers to challenges (the node is started with it in place of the honest StoredBlockAnswerer):
/// garbage, late, or outsourced as its <see cref="Cheat"/> says; the kinds that cheat on disk (<see cref="DiskCheat"/>)
/// answer honestly from what is left.
/// </summary>
internal sealed class CheatingAnswerer(Cheat cheat, ChallengeAnswererPorts node) : IChallengeAnswerer
{
    public async Task<Hash256?> HashRangeAsync(ChallengeQuestion q, CancellationToken cancellation)
    {
        Hash256? hash = cheat.Kind switch
        {
            MisbehaviourKind.GarbageAnswers => Sha3.Hash([.. "garbage"u8, .. q.BlockId.ToString().Select(ch => (byte)ch), .. BitConverter.GetBytes(q.Offset ^ q.EpochHeight)]),
            MisbehaviourKind.Outsource => await OutsourcedHashAsync(q, cancellation),
            _ => node.Store.HashRange(q.BlockId, q.Offset, q.Length),
        };
        if (hash is not null && cheat.Kind == MisbehaviourKind.LateAnswers) await Task.Delay(cheat.AnswerDelay, node.Clock, cancellation);
        return hash;
    }

    /// <summary>
    /// The outsourcing cheat: no local copy, so fetch the block from another holder, paying the fetch's cost in time (the
    /// WAN model: <see cref="Cheat.OutsourceFetchDelay"/>). Honest holders refuse a placed holder the block
    /// (Api.HolderReadRule), so this cheater fails even with no delay; it gets through only where placement no longer names
    /// it, or through colluders, which that rule cannot see.
    /// </summary>
    private async Task<Hash256?> OutsourcedHashAsync(ChallengeQuestion q, CancellationToken cancellation)
    {
        if (node.Store.Find(q.BlockId) is not null) return node.Store.HashRange(q.BlockId, q.Offset, q.Length);
        var membership = await node.Chain.GetMembershipAsync(cancellation);
        var others = membership.EligibleIds.Where(id => id != node.NodeId).Select(id => membership.ById[id]);
        var block = await VerifiedBlockCopy.FetchAsync(node.Peers, q.BlockId, others, cancellation);
        if (block is null) return null;
        await Task.Delay(cheat.OutsourceFetchDelay, node.Clock, cancellation);
        return VerifiedBlockCopy.HashRange(block, q.Offset, q.Length)
            ?? throw new ArgumentOutOfRangeException(nameof(q), $"the range [{q.Offset}, {q.Offset}+{q.Length}) is not within the block's {block.Length} bytes");
    }
}
