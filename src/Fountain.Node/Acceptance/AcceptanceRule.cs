using Fountain.Chain.Model;
using Fountain.Codec.Artwork;
using Fountain.Codec.Hashing;
using Fountain.Node.Network;

namespace Fountain.Node.Acceptance;

/// <summary>What a node knows when a block is offered to it.</summary>
internal sealed record BlockOffer(
    Hash256 BlockId,
    Hash256? ArtworkId,
    long Bytes,
    string SignerId,
    string SignerPublicKeyBase64,
    ArtworkTicket? Ticket);

/// <summary>What the node's own state contributes to the decision.</summary>
internal sealed record HolderState(
    string ThisNodeId,
    Membership Membership,
    int HoldersPerBlock,
    DateTimeOffset Now,
    TimeSpan PendingGrace,
    long PendingBytes,
    long MaxPendingBytes);

internal enum AcceptanceVerdict
{
    /// <summary>Accept and keep: the block is listed on its artwork's ticket.</summary>
    Confirmed,
    /// <summary>Accept until <see cref="Acceptance.PendingUntil"/>: the artwork is not on the chain yet (or the block not yet on its ticket).</summary>
    Pending,
    /// <summary>The signer may not place this block (403).</summary>
    Forbidden,
    /// <summary>The content does not hash to the id, or is not a block (422).</summary>
    Corrupt,
    /// <summary>This node is not one of the block's r selected holders (409).</summary>
    NotAHolder,
    /// <summary>Accepting it would exceed the pending-bytes limit (507).</summary>
    PendingFull,
}

internal sealed record Acceptance(AcceptanceVerdict Verdict, string Reason, DateTimeOffset? PendingUntil = null)
{
    public bool Accepted => Verdict is AcceptanceVerdict.Confirmed or AcceptanceVerdict.Pending;
}

/// <summary>
/// The acceptance rule of a block (issue 4, item 2): a block is accepted only if
/// <list type="number">
/// <item>its signer may place it: the artwork's ticket lists the block and the signer is a member masternode
/// or the artwork's owner (an owner who encoded locally uploads after registering), or else the signer is a
/// registered masternode not under penalty, which may place blocks of an artwork not yet on the chain (a store
/// session before the owner registers the ticket, a heal before its amendment): such a block is
/// <em>pending</em>, kept for <c>pending-grace</c>, and deleted then unless a ticket lists it by then; pending
/// bytes are capped by <c>max-pending-bytes</c>, so no masternode can fill a disk with blocks nobody registers;</item>
/// <item>its id is the SHA3-256 of its header and payload (<see cref="BlockVerifier"/>);</item>
/// <item>this node is one of its selected holders (<see cref="Placement.HoldersOf"/>) over the eligible masternodes.</item>
/// </list>
/// Pure: the caller brings the chain's view and the clock's reading; the content check runs only once the
/// signer is known to be allowed, so a forbidden upload costs no hashing.
/// </summary>
internal static class AcceptanceRule
{
    public static Acceptance Decide(BlockOffer offer, HolderState state, Func<BlockVerdict> verifyContent)
    {
        bool self = offer.SignerId == state.ThisNodeId;
        // A member, not merely registered: a registration alone is one signed transaction (Masternode.IsMemberAt).
        bool member = self || state.Membership.IsMember(offer.SignerId);
        bool eligible = self || state.Membership.IsEligible(offer.SignerId);
        var blockHex = offer.BlockId.ToString();
        bool listed = offer.Ticket is { } ticket && ticket.ArtworkId == offer.ArtworkId?.ToString() && ticket.AllBlocks.Any(b => b.BlockId == blockHex);
        bool owner = offer.Ticket is { } t && t.OwnerPublicKey == offer.SignerPublicKeyBase64;

        AcceptanceVerdict kind;
        if (listed && (member || owner)) kind = AcceptanceVerdict.Confirmed;
        else if (eligible) kind = AcceptanceVerdict.Pending;
        else return new(AcceptanceVerdict.Forbidden, listed
            ? "only a member masternode (registered and proven by a storage report) or the artwork's owner may place its blocks"
            : "only a registered masternode not under penalty may place blocks of an artwork not (yet) on the chain");

        var verdict = verifyContent();
        if (verdict.Outcome != BlockOutcome.Accepted) return new(AcceptanceVerdict.Corrupt, $"the block is refused: {verdict.Reason}");

        var holders = Placement.HoldersOf(offer.BlockId, state.Membership.EligibleIds, state.HoldersPerBlock);
        if (!holders.Contains(state.ThisNodeId, StringComparer.Ordinal))
            return new(AcceptanceVerdict.NotAHolder, $"this node is not one of the {state.HoldersPerBlock} selected holders of block {blockHex}");

        if (kind == AcceptanceVerdict.Confirmed) return new(kind, "listed on its artwork's ticket");
        if (state.PendingBytes + offer.Bytes > state.MaxPendingBytes)
            return new(AcceptanceVerdict.PendingFull, $"this node already holds {state.PendingBytes} bytes of blocks not on the chain (limit {state.MaxPendingBytes})");
        return new(kind, "pending its artwork's ticket", state.Now + state.PendingGrace);
    }
}
