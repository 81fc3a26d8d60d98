using Fountain.Chain.Model;
using Fountain.Chain.Selection;
using Fountain.Chain.Transactions;
using Fountain.Codec.Artwork;
using Fountain.Codec.Hashing;
using Fountain.Chain.Identity;
using Fountain.Codec.Blocks;
using Fountain.Node.Network;
using Fountain.Node.Peers;
using Fountain.Node.Protocol;
using Fountain.Node.Retrieval;
using Fountain.Node.Storage;

namespace Fountain.Node.Healing;

/// <summary>Why a verifier refused to sign, with the HTTP status it answers.</summary>
internal sealed class AmendmentRefusedException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>
/// The verifier's side of a heal (issue 7, item 1: "confirmed by a verifier that checked a sample of the new
/// blocks"). It signs only if the epoch is one the chain still accepts, the requester is that epoch's custodian
/// primary of the artwork and this node one of its verifiers, the ticket has not been amended since the primary
/// measured it, the new indices are unused, and a sample of the new
/// blocks (drawn from the epoch seed, so the primary cannot choose it) is held by a selected holder, verifies
/// against its id, belongs to the artwork and carries the index it is listed under.
/// </summary>
internal sealed class AmendmentVerifier(HealingSettings settings, BlockLimits limits, ChainView chain, BlockStore store, NodeKey key, IPeers peers)
{
    private NodeKey Key => key;

    public async Task<VerifyAmendmentResponse> VerifyAsync(string requesterId, VerifyAmendmentRequest request, CancellationToken cancellation)
    {
        if (request.PrimaryId != requesterId) throw new AmendmentRefusedException(403, "the requester must be the primary the amendment names");
        if (!Hash256.TryParse(request.ArtworkId, out var artworkId)) throw new AmendmentRefusedException(400, "the artwork id is not 64 hex digits");
        if (request.AddedBlocks is not { Count: > 0 }) throw new AmendmentRefusedException(400, "an amendment adds at least one block");
        var ticket = await chain.Chain.GetTicketAsync(request.ArtworkId, cancellation).ConfigureAwait(false)
            ?? throw new AmendmentRefusedException(404, $"artwork {request.ArtworkId} is not registered");
        var epoch = await chain.Chain.GetHeightAsync(request.EpochHeight, cancellation).ConfigureAwait(false)
            ?? throw new AmendmentRefusedException(409, $"height {request.EpochHeight} is not sealed");
        var membership = await chain.GetMembershipAsync(cancellation).ConfigureAwait(false);
        var custodians = Custody.Custodians(request.ArtworkId, epoch, membership.ById.Values, settings.CustodyVerifiers);
        if (custodians.Count < 2 || custodians[0] != requesterId) throw new AmendmentRefusedException(403, $"the requester is not the custodian primary at height {epoch.Height}");
        if (!custodians.Skip(1).Contains(Key.Id)) throw new AmendmentRefusedException(403, $"this node is not a custody verifier at height {epoch.Height}");
        if (request.BasedOnAmendments != ticket.Amendments.Count)
            throw new AmendmentRefusedException(409, $"the heal was based on {request.BasedOnAmendments} amendments, but the ticket now has {ticket.Amendments.Count} (stale-ticket)");
        var used = ticket.AllBlocks.Select(b => b.Index).ToHashSet();
        if (request.AddedBlocks.Any(b => used.Contains(b.Index))) throw new AmendmentRefusedException(409, "an added block reuses an index of the ticket");

        await CheckEncodedFromArchiveAsync(membership, ticket, artworkId, request.AddedBlocks, cancellation).ConfigureAwait(false);
        var random = new Random(RedundancySurvey.SeedOf(request.ArtworkId, epoch.Hash));
        var order = request.AddedBlocks.OrderBy(b => b.Index).OrderBy(_ => random.Next()).ToList();
        var sample = new List<TicketBlock>();
        foreach (var block in order)
        {
            if (sample.Count >= settings.VerifierSampleBlocks) break;
            if (!Hash256.TryParse(block.BlockId, out var blockId)) throw new AmendmentRefusedException(400, $"block {block.Index}'s id is not 64 hex digits");
            // A block this verifier is a placed holder of, but was not given, cannot be checked here: the other holders
            // refuse it the bytes (Api.HolderReadRule). The sample moves on to the next block in the seeded order.
            if (Challenges.VerifiedBlockCopy.ReadLocal(store, blockId) is null
                && Api.HolderReadRule.IsPlacedHolder(Key.Id, blockId, membership.EligibleIds, ticket.HoldersPerBlock)) continue;
            if (!await HeldIntactAsync(membership, ticket, artworkId, blockId, block.Index, cancellation).ConfigureAwait(false))
                throw new AmendmentRefusedException(422, $"no selected holder serves block {block.Index} ({block.BlockId}) intact");
            sample.Add(block);
        }
        if (sample.Count == 0) throw new AmendmentRefusedException(422, "this verifier can check none of the new blocks: it is a placed holder of each and was given none");
        var chainId = await chain.GetChainIdAsync(cancellation).ConfigureAwait(false);
        var content = AmendArtwork.SignedContent(chainId, requesterId, request.ArtworkId, request.EpochHeight, request.BasedOnAmendments, request.Reason, request.AddedBlocks);
        return new VerifyAmendmentResponse(Key.PublicKeyBase64, Convert.ToBase64String(Key.Sign(content)), sample.Count);
    }

    /// <summary>
    /// Issue 12, hole 1: ids, artwork and index prove only that a block is the one listed, not that the primary encoded it
    /// from the archive; a primary could list random payloads under their own hashes and every later decode would fail.
    /// So this verifier decodes the archive itself (from the ticket's blocks, through the same retriever that survives
    /// forged sources) and encodes every new index again: each listed id must be, bit for bit, the block the archive
    /// gives at that index. This costs the verifier a decode per heal (what the primary paid too) and a block encode per
    /// new block; the alternative, a ticket committing to the source symbols, would still need the symbols to check a
    /// block (an encoded symbol is the XOR of several), so it saves nothing and changes the ticket format.
    /// </summary>
    private async Task CheckEncodedFromArchiveAsync(Membership membership, ArtworkTicket ticket, Hash256 artworkId,
        IReadOnlyList<TicketBlock> added, CancellationToken cancellation)
    {
        RetrievalResult decoded;
        try
        {
            var source = new VerifierBlockSource(store, peers, Key.Id, membership.EligibleIds, ticket.HoldersPerBlock);
            decoded = await new ArtworkRetriever(source, new RetrievalOptions())
                .RetrieveAsync(ticket, membership.ById.Values.ToList(), cancellation: cancellation).ConfigureAwait(false);
        }
        catch (InconsistentBlocksException e)
        {
            throw new AmendmentRefusedException(422, $"this verifier could not decode the artwork to check the new blocks against: {e.Message}");
        }
        if (!decoded.Complete)
            throw new AmendmentRefusedException(503, $"this verifier could not decode the artwork to check the new blocks against: at least {decoded.MinimumMoreBlocks} more blocks were needed");
        var check = new ReencodingCheck(artworkId, decoded.Archive, TicketSources.ParametersOf(ticket));
        foreach (var block in added)
        {
            if (!Hash256.TryParse(block.BlockId, out var blockId)) throw new AmendmentRefusedException(400, $"block {block.Index}'s id is not 64 hex digits");
            if (!check.Matches(block.Index, blockId))
                throw new AmendmentRefusedException(422, $"block {block.Index} ({block.BlockId}) is not the block the artwork encodes to at index {block.Index}: it was not made from this archive");
        }
    }

    /// <summary>The verifier's reads: its own verified copy first; never a block it is a placed holder of (Api.HolderReadRule: the others refuse it).</summary>
    private sealed class VerifierBlockSource(BlockStore store, IPeers peers, string selfId, IReadOnlyList<string> eligible, int holdersPerBlock) : IBlockSource
    {
        public async Task<byte[]?> FetchAsync(Masternode holder, Hash256 blockId, CancellationToken cancellation)
        {
            if (Challenges.VerifiedBlockCopy.ReadLocal(store, blockId) is { } local) return local;
            if (holder.Id == selfId || Api.HolderReadRule.IsPlacedHolder(selfId, blockId, eligible, holdersPerBlock)) return null;
            return await peers.GetBlockAsync(holder, blockId, cancellation).ConfigureAwait(false);
        }
    }

    private async Task<bool> HeldIntactAsync(Membership membership, ArtworkTicket ticket, Hash256 artworkId, Hash256 blockId, uint index, CancellationToken cancellation)
    {
        // This verifier's own copy first: when it is one of the block's placed holders, the others refuse it the block
        // (Api.HolderReadRule), so it can check only what it was given.
        if (Challenges.VerifiedBlockCopy.ReadLocal(store, blockId) is { } local)
        {
            BlockVerifier.Verify(local, blockId, limits, artworkId, out var mine);
            if (mine is not null && mine.Header.BlockIndex == index) return true;
        }
        var holders = Placement.HoldersOf(blockId, membership.EligibleIds, ticket.HoldersPerBlock);
        if (holders.Contains(Key.Id)) return false;
        foreach (var holder in holders)
        {
            byte[]? bytes;
            try { bytes = await peers.GetBlockAsync(membership.ById[holder], blockId, cancellation).ConfigureAwait(false); }
            catch (Exception) when (!cancellation.IsCancellationRequested) { continue; }
            if (bytes is null) continue;
            BlockVerifier.Verify(bytes, blockId, limits, artworkId, out var verified);
            if (verified is not null && verified.Header.BlockIndex == index) return true;
        }
        return false;
    }
}
