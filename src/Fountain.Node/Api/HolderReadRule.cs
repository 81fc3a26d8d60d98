using Fountain.Codec.Hashing;
using Fountain.Node.Network;
using Fountain.Node.Storage;
using Microsoft.AspNetCore.Http;

namespace Fountain.Node.Api;

/// <summary>
/// The anti-outsourcing rule (issue 7): an honest node does not serve a block's bytes (GET /blocks/{id}) nor a
/// range hash of it (POST /blocks/{id}/range-hash) to another masternode that current placement names as one of the
/// block's holders. That masternode must hold the block itself; a node that deleted its copy and fetches it from the
/// other holders when challenged (fountain-blocks.txt, storage challenges: the "outsourcing" a challenge's short deadline
/// is meant to defeat) finds every honest holder refusing, however fast the network. Range hashes are refused too: a
/// cheater could otherwise forward the challenge's range to another holder and relay its hash without moving a byte.
/// <para>
/// "Current placement" is this node's view: the eligible masternodes of its cached membership and the holders per block
/// of the artwork's ticket. A block whose artwork has no ticket yet (pending, mid-store) has no placement on the chain,
/// and is served as before. Owners (not masternodes) and this node itself are never refused by this rule.
/// </para>
/// <para>
/// What this does not catch: holders that collude (one stores, the others fetch from it, or they split the blocks among
/// themselves) and Sybil identities (one operator registers several masternodes and keeps one copy behind all of them).
/// Each of them passes every challenge from a single physical copy. Telling r copies from one needs proof of replication
/// (each holder stores a slow-to-compute, holder-specific encoding of the block, as Filecoin's PoRep does), which this
/// protocol does not have; the fetch delay of the outsourcing cheater in the misbehaviour tests remains the model of the
/// wide-area cost such a cheater pays when it fetches from a node outside its coalition.
/// </para>
/// </summary>
internal sealed class HolderReadRule(string nodeId, ChainView chain)
{
    private long _refused;

    /// <summary>Block reads and range hashes refused by this rule since the node started; shown in /status.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Whether <paramref name="nodeId"/> is one of the <paramref name="holdersPerBlock"/> holders placement selects for the block among <paramref name="eligibleIds"/>.</summary>
    public static bool IsPlacedHolder(string nodeId, Hash256 blockId, IReadOnlyList<string> eligibleIds, int holdersPerBlock) =>
        Placement.HoldersOf(blockId, eligibleIds, holdersPerBlock).Contains(nodeId);

    /// <summary>The refusal for <paramref name="signer"/> reading the held block <paramref name="row"/>, or null when it may read it.</summary>
    public async Task<Refusal?> CheckAsync(Signer signer, StoredBlock row, CancellationToken cancellation)
    {
        if (signer.Id == nodeId) return null;
        var membership = await chain.GetMembershipAsync(cancellation).ConfigureAwait(false);
        if (!membership.IsRegistered(signer.Id)) return null;
        var ticket = await chain.GetTicketAsync(row.ArtworkId.ToString(), cancellation).ConfigureAwait(false);
        if (ticket is null || !IsPlacedHolder(signer.Id, row.BlockId, membership.EligibleIds, ticket.HoldersPerBlock)) return null;
        Interlocked.Increment(ref _refused);
        return new Refusal(StatusCodes.Status403Forbidden,
            $"masternode {signer.Id} is a placed holder of block {row.BlockId}: it must hold the block itself, not fetch it from another holder");
    }
}
