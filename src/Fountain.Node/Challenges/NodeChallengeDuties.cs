using Fountain.Chain.Identity;
using Fountain.Chain.Model;
using Fountain.Chain.Transactions;
using Fountain.Codec.Hashing;
using Fountain.Node.Peers;
using Fountain.Node.Network;
using Fountain.Node.Storage;

namespace Fountain.Node.Challenges;

/// <summary>
/// The challenger's duties on a live node, for one epoch: the masternode list and the tickets the epoch was planned
/// on, the chain id the target signs for. The expected hash comes from this node's own verified copy, else from a
/// copy fetched from another holder of the block (by placement, the target excluded) and verified by its id; never
/// fetched when this node is itself one of the block's placed holders, since holders refuse that (Api.HolderReadRule).
/// </summary>
internal sealed class NodeChallengeDuties(string nodeId, BlockStore store, IPeers peers, ChainSender sender, string chainId, long epochHeight, IReadOnlyList<Masternode> masternodes,
    IReadOnlyDictionary<string, ArtworkTicket> tickets) : IChallengeDuties
{
    private readonly Dictionary<string, Masternode> _byId = masternodes.ToDictionary(m => m.Id, StringComparer.Ordinal);

    public async Task<Hash256?> ExpectedHashAsync(StorageChallenge c, CancellationToken cancellation)
    {
        var blockId = Hash256.Parse(c.BlockId);
        var block = VerifiedBlockCopy.ReadLocal(store, blockId);
        if (block is null)
        {
            var holders = Placement.HoldersOf(blockId, Placement.EligibleIds(masternodes, epochHeight), tickets[c.ArtworkId].HoldersPerBlock);
            // A placed holder that lacks its copy is refused by every honest holder (Api.HolderReadRule): it abandons
            // this challenge instead of asking; the custodian's holder maintenance gives it the block.
            if (holders.Contains(nodeId)) return null;
            block = await VerifiedBlockCopy.FetchAsync(peers, blockId, Masternodes(holders.Where(id => id != c.TargetId)), cancellation).ConfigureAwait(false);
        }
        return block is null ? null : VerifiedBlockCopy.HashRange(block, c.Offset, c.Length);
    }

    public async Task<ChallengeAnswer?> AskTargetAsync(StorageChallenge c, CancellationToken cancellation)
    {
        var target = _byId.TryGetValue(c.TargetId, out var m) ? m : throw new InvalidOperationException($"target {c.TargetId} is not on the masternode list");
        return await peers.AskChallengeAsync(target, c, cancellation).ConfigureAwait(false);
    }

    public bool IsSignedByTarget(StorageChallenge c, ChallengeAnswer answer) =>
        _byId.TryGetValue(c.TargetId, out var target)
        && Hash256.TryParse(answer.ResponseHash, out var parsed) && parsed.ToString() == answer.ResponseHash
        && PublicKeys.TryDecodeBase64(target.PublicKey, out var key)
        && PublicKeys.TryDecodeBase64(answer.TargetSignature, out var signature)
        && PublicKeys.Verify(key, ReportChallenge.ResponseContent(chainId, nodeId, c.TargetId, c.ArtworkId, c.BlockId, c.Offset, c.Length, c.EpochHeight, answer.ResponseHash), signature);

    public Task<TransactionResult> SubmitAsync(ReportChallenge report, CancellationToken cancellation) =>
        sender.SendAsync(report, cancellation);

    private IEnumerable<Masternode> Masternodes(IEnumerable<string> ids)
    {
        foreach (var id in ids)
            if (_byId.TryGetValue(id, out var m)) yield return m;
    }
}
