using System.Collections.Concurrent;
using Fountain.Chain.Model;
using Fountain.Chain.Selection;
using Fountain.Codec.Hashing;
using Fountain.Node.Network;
using Fountain.Node.Storage;
using Microsoft.AspNetCore.Http;

namespace Fountain.Node.Api;

/// <summary>The selections the read rule follows: custody (who heals) and challenges (who audits), and how far back a role still counts.</summary>
/// <param name="CustodyVerifiers">The chain's <c>custody-verifiers</c>: custodians are the primary and this many verifiers.</param>
/// <param name="CustodyWindowHeights">How many heights a custodian keeps its right to read after its epoch (a heal run lasts a while).</param>
/// <param name="ChallengeEpochHeights">The challenge epoch length; a challenger may read during its epoch and the next.</param>
/// <param name="ChallengersPerTarget">Challengers per target and epoch.</param>
internal sealed record ReadRoles(int CustodyVerifiers, long CustodyWindowHeights, long ChallengeEpochHeights, int ChallengersPerTarget);

/// <summary>
/// Who may read a block's content or hashes of it (GET /blocks/{id}, POST /blocks/{id}/range-hash): the anti-outsourcing
/// rule of issue 7, closed to every role that has no need of the bytes (issue 12, hole 4). A placed holder must hold the
/// block itself: if any node served it the bytes or a range hash, a holder that deleted its copy could answer its own
/// storage challenge by fetching (fountain-blocks.txt: the "outsourcing" a challenge's short deadline is meant to
/// defeat), and through any member willing to relay. So for a block whose artwork is on the chain, only these may read:
/// <list type="bullet">
/// <item>this node itself;</item>
/// <item>the artwork's owner (the ticket's key), to retrieve it;</item>
/// <item>a custodian of the artwork (primary or verifier, <see cref="Custody.Custodians"/>) at a height within
/// <see cref="ReadRoles.CustodyWindowHeights"/>: it surveys, decodes, copies and verifies heals;</item>
/// <item>a challenger the epoch's selection names (<see cref="Custody.Challengers"/>) for one of the block's placed holders,
/// in the current or the previous challenge epoch: it fetches the block to know the answer it expects;</item>
/// </list>
/// and never a placed holder of the block, whatever other role it has (it has its own copy). A block whose artwork has no
/// ticket yet (mid-store) is audited by nobody, so any member may read it. Everyone else gets 403; each refusal is counted.
/// <para>
/// Judged on this node's view: the eligible masternodes of its cached membership, and sealed heads read from the chain
/// (<see cref="EpochHeads"/>). A role not found there is looked for once more on a fresh read of the chain's head and list,
/// since the reader may have seen a newer one (so a refusal costs a chain read; each signer's requests are bounded by its
/// nonce quota). Granted custody roles are remembered until their window ends.
/// </para>
/// <para>
/// What this does not catch: holders that collude (one stores, the others fetch from it, or they split the blocks among
/// themselves), a custodian or challenger that relays to a holder what it read, and Sybil identities (one operator registers
/// several masternodes and keeps one copy behind all of them). Telling r copies from one needs proof of replication (each
/// holder stores a slow-to-compute, holder-specific encoding of the block, as Filecoin's PoRep does), which this protocol
/// does not have.
/// </para>
/// </summary>
internal sealed class HolderReadRule(string nodeId, ChainView chain, EpochHeads heads, ReadRoles roles, RefusalCounters counters)
{
    private const int MaxRememberedGrants = 65_536;

    /// <summary>Custody roles found: (signer, artwork) → the height the role was held at.</summary>
    private readonly ConcurrentDictionary<(string Signer, string Artwork), long> _custodyGrants = new();

    /// <summary>Block reads and range hashes refused to placed holders since the node started; shown in /status.</summary>
    public long Refused => counters[RefusalKind.PlacedHolderRead];

    /// <summary>Whether <paramref name="nodeId"/> is one of the <paramref name="holdersPerBlock"/> holders placement selects for the block among <paramref name="eligibleIds"/>.</summary>
    public static bool IsPlacedHolder(string nodeId, Hash256 blockId, IReadOnlyList<string> eligibleIds, int holdersPerBlock) =>
        Placement.HoldersOf(blockId, eligibleIds, holdersPerBlock).Contains(nodeId);

    /// <summary>The refusal (counted) for the signer of <paramref name="request"/> reading the held block <paramref name="row"/>, or null when it may.</summary>
    public async Task<Refusal?> CheckAsync(AuthenticatedRequest request, StoredBlock row, CancellationToken cancellation)
    {
        var signer = request.Signer;
        if (signer.Id == nodeId) return null;
        // An owner may have registered a moment ago: a cached "no ticket" would refuse it its own artwork.
        var ticket = await chain.GetTicketAsync(row.ArtworkId.ToString(), cancellation, trustCachedMiss: request.IsMember).ConfigureAwait(false);
        if (ticket is null)
            return request.IsMember ? null : Refuse(RefusalKind.NotMember, "the signer is not a member masternode, and this block's artwork is not on the chain yet");
        var membership = await chain.GetMembershipAsync(cancellation).ConfigureAwait(false);
        if (IsPlacedHolder(signer.Id, row.BlockId, membership.EligibleIds, ticket.HoldersPerBlock))
        {
            return Refuse(RefusalKind.PlacedHolderRead,
                $"masternode {signer.Id} is a placed holder of block {row.BlockId}: it must hold the block itself, not fetch it from another holder");
        }
        if (ticket.OwnerPublicKey == signer.PublicKeyBase64) return null;
        if (!request.IsMember) return Refuse(RefusalKind.NotMember, "the signer is not a member masternode, nor the owner of this artwork");
        if (await HasRoleAsync(signer.Id, row.BlockId, ticket, membership, cancellation).ConfigureAwait(false)) return null;
        // The reader may have seen a newer head or list (a penalty that moved the selection): judge once more on the chain's own.
        var fresh = await chain.RefreshAsync(cancellation).ConfigureAwait(false);
        if (await HasRoleAsync(signer.Id, row.BlockId, ticket, fresh, cancellation).ConfigureAwait(false)) return null;
        return Refuse(RefusalKind.NoReadRole,
            $"masternode {signer.Id} is neither a custodian of artwork {ticket.ArtworkId} nor a challenger of a holder of block {row.BlockId} at a recent height");
    }

    /// <summary>
    /// Whether the signer is a custodian of the artwork at a height of the custody window up to <paramref name="membership"/>'s
    /// head, or a challenger of one of the block's holders in that head's challenge epoch or the one before.
    /// </summary>
    private async Task<bool> HasRoleAsync(string signerId, Hash256 blockId, ArtworkTicket ticket, Membership membership, CancellationToken cancellation)
    {
        long newest = membership.Head.Height;
        if (_custodyGrants.TryGetValue((signerId, ticket.ArtworkId), out var grantedAt) && newest - grantedAt <= roles.CustodyWindowHeights) return true;
        var masternodes = membership.ById.Values;
        for (long h = newest; h >= Math.Max(0, newest - roles.CustodyWindowHeights); h--)
        {
            if (await heads.AtAsync(h, membership, cancellation).ConfigureAwait(false) is not { } head) continue;
            if (Custody.Custodians(ticket.ArtworkId, head, masternodes, roles.CustodyVerifiers).Contains(signerId))
            {
                if (_custodyGrants.Count >= MaxRememberedGrants) _custodyGrants.Clear();
                _custodyGrants[(signerId, ticket.ArtworkId)] = h;
                return true;
            }
        }
        var targets = Placement.HoldersOf(blockId, membership.EligibleIds, ticket.HoldersPerBlock).Append(nodeId).Distinct().ToList();
        long epoch = newest - newest % roles.ChallengeEpochHeights;
        foreach (var e in new[] { epoch, epoch - roles.ChallengeEpochHeights })
        {
            if (e < 0 || await heads.AtAsync(e, membership, cancellation).ConfigureAwait(false) is not { } head) continue;
            if (targets.Any(t => Custody.Challengers(t, head, masternodes, roles.ChallengersPerTarget).Contains(signerId))) return true;
        }
        return false;
    }

    private Refusal Refuse(RefusalKind kind, string reason)
    {
        counters.Count(kind);
        return new Refusal(StatusCodes.Status403Forbidden, reason, kind);
    }
}
