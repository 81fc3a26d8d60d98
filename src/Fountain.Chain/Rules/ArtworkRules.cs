using Fountain.Chain.Identity;
using Fountain.Chain.Model;
using Fountain.Chain.Selection;
using Fountain.Chain.State;
using Fountain.Chain.Transactions;
using Fountain.Economics;
using Fountain.Economics.Perpetual;
using EconomicsTransaction = Fountain.Economics.Accounts.Transaction;

namespace Fountain.Chain.Rules;

/// <summary>
/// Artwork tickets (issue 4, item 1): registration by the owner, who pays, and amendments by the epoch's custodians.
/// Every field a decoder or a holder will rely on is checked here, once, so that a ticket on the chain can be trusted.
/// </summary>
internal static class ArtworkRules
{
    /// <summary>
    /// An owner reserves an artwork id before anything of the artwork leaves it (issue 12, hole 3). Anyone who reads a
    /// block header (every holder, before registration) learns the id; with the claim on the chain first, only the owner
    /// may register it. A claim can be renewed by its claimant, never taken over while it holds.
    /// </summary>
    public static Result<ChainState> Claim(ChainState state, ChainRules.Signer owner, ClaimArtwork p)
    {
        if (!Hex.IsId(p.ArtworkId)) return ChainRules.Reject("bad-artwork", "the artwork id must be 64 lower-case hex digits (SHA3-256 of the archive)");
        if (state.Tickets.ContainsKey(p.ArtworkId)) return ChainRules.Reject("duplicate-artwork", $"artwork {p.ArtworkId} is already registered");
        if (ClaimedByAnother(state, owner, p.ArtworkId) is { } claimant) return ChainRules.Reject("claimed-artwork", $"artwork {p.ArtworkId} is claimed by {claimant}");
        var claim = new ArtworkClaim(owner.Id, state.PendingHeight + state.Options.ArtworkClaimHeights);
        return Result<ChainState>.Ok(state with { ArtworkClaims = state.ArtworkClaims.SetItem(p.ArtworkId, claim) });
    }

    /// <summary>The other signer whose claim on the artwork still holds, if any.</summary>
    private static string? ClaimedByAnother(ChainState state, ChainRules.Signer signer, string artworkId) =>
        state.ArtworkClaims.TryGetValue(artworkId, out var claim) && claim.OwnerId != signer.Id && claim.UntilHeight >= state.PendingHeight ? claim.OwnerId : null;

    public static Result<ChainState> Register(ChainState state, ChainRules.Signer owner, RegisterArtwork p)
    {
        var o = state.Options;
        if (!Hex.IsId(p.ArtworkId)) return ChainRules.Reject("bad-artwork", "the artwork id must be 64 lower-case hex digits (SHA3-256 of the archive)");
        if (state.Tickets.ContainsKey(p.ArtworkId)) return ChainRules.Reject("duplicate-artwork", $"artwork {p.ArtworkId} is already registered");
        if (ClaimedByAnother(state, owner, p.ArtworkId) is { } claimant)
            return ChainRules.Reject("claimed-artwork", $"artwork {p.ArtworkId} is claimed by {claimant}: only its claimant may register it");
        if (CodecProblem(p.Codec, o) is { } codec) return ChainRules.Reject("bad-codec", codec);
        if (p.Blocks is null || p.Blocks.Count < 1 || p.Blocks.Count > o.MaxBlocksPerTicket)
            return ChainRules.Reject("bad-blocks", $"a ticket lists 1 to {o.MaxBlocksPerTicket} blocks");
        if (BlocksProblem(p.Blocks, [], []) is { } blocks) return ChainRules.Reject("bad-blocks", blocks);
        if (p.HoldersPerBlock < 1 || p.HoldersPerBlock > o.MaxHoldersPerBlock)
            return ChainRules.Reject("bad-holders", $"holders per block must be 1 to {o.MaxHoldersPerBlock}, got {p.HoldersPerBlock}");
        if (p.MaxFeeBaseUnits < 0) return ChainRules.Reject("bad-fee", "the maximum fee must not be negative");

        Result<ChainState> paid;
        long fee;
        if (o.PaymentModel == StoragePaymentModel.PerpetualFee)
        {
            var quote = PerpetualFee.Quote(o.Economics.Ledger.PerpetualFee, p.Codec.ArchiveLength);
            if (!quote.IsOk) return Result<ChainState>.Reject(quote.Rejection!);
            fee = quote.Value.Fee.Units;
            if (fee > p.MaxFeeBaseUnits) return ChainRules.Reject("fee-above-max", $"registration costs {fee} base units, the owner allowed at most {p.MaxFeeBaseUnits}");
            paid = ChainRules.Ledger(state, new EconomicsTransaction.RegisterArtwork(owner.Id, p.ArtworkId, p.Codec.ArchiveLength, quote.Value.Fee));
        }
        else
        {
            // The lock model (issue 5, item 7): the archive's bytes are pinned against the owner's locked capacity,
            // under Economics' PIN rule (locked bytes ≥ pinned · replication) and PIN fee.
            fee = o.Economics.Ledger.Fees.Pin.Units;
            if (fee > p.MaxFeeBaseUnits) return ChainRules.Reject("fee-above-max", $"the pin fee is {fee} base units, the owner allowed at most {p.MaxFeeBaseUnits}");
            paid = ChainRules.Ledger(state, new EconomicsTransaction.Pin(owner.Id, AccountRules.ArtworkPinPrefix + p.ArtworkId, p.Codec.ArchiveLength));
        }
        if (!paid.IsOk) return paid;
        var ticket = new ArtworkTicket(p.ArtworkId, owner.PublicKey, p.Codec, p.Blocks.ToArray(), p.HoldersPerBlock, fee, state.PendingHeight, []);
        return Result<ChainState>.Ok(paid.Value with { Tickets = paid.Value.Tickets.Add(p.ArtworkId, ticket), ArtworkClaims = paid.Value.ArtworkClaims.Remove(p.ArtworkId) });
    }

    /// <summary>
    /// A heal's new blocks: the signer must be the artwork's custodian primary at the named epoch, and one of that
    /// epoch's verifiers must have signed the same content. New blocks take indices never used by the artwork, and
    /// the heal must have been planned from the ticket as it is now (no amendment landed since it measured).
    /// </summary>
    public static Result<ChainState> Amend(ChainState state, ChainRules.Signer primary, AmendArtwork p)
    {
        var o = state.Options;
        if (p.ArtworkId is null || !state.Tickets.TryGetValue(p.ArtworkId, out var ticket)) return ChainRules.Reject("no-such-artwork", $"artwork {p.ArtworkId} is not registered");
        if (EpochProblem(state, p.EpochHeight) is { } epochProblem) return ChainRules.Reject("bad-epoch", epochProblem);
        // Exactly-once heals: an amendment planned from an older ticket is refused, whatever its indices, because its
        // measurement did not count the blocks amended since (issue 7, item 1: "Concurrent heals of one artwork never happen").
        if (p.BasedOnAmendments != ticket.Amendments.Count)
            return ChainRules.Reject("stale-ticket",
                $"the heal was based on {p.BasedOnAmendments} amendments of {p.ArtworkId}, but the ticket now has {ticket.Amendments.Count}; measure the artwork again");
        if (string.IsNullOrEmpty(p.Reason) || p.Reason.Length > o.MaxReasonChars) return ChainRules.Reject("bad-reason", $"the reason must have 1 to {o.MaxReasonChars} characters");
        if (p.AddedBlocks is null || p.AddedBlocks.Count < 1 || p.AddedBlocks.Count > o.MaxBlocksPerAmendment)
            return ChainRules.Reject("bad-blocks", $"an amendment adds 1 to {o.MaxBlocksPerAmendment} blocks");
        var existing = ticket.AllBlocks.ToList();
        if (BlocksProblem(p.AddedBlocks, existing.Select(b => b.Index).ToHashSet(), existing.Select(b => b.BlockId).ToHashSet(StringComparer.Ordinal)) is { } blocks)
            return ChainRules.Reject("bad-blocks", blocks);
        if (checked((long)existing.Count + p.AddedBlocks.Count) > o.MaxBlocksPerTicket)
            return ChainRules.Reject("bad-blocks", $"the artwork would list more than {o.MaxBlocksPerTicket} blocks");

        var epoch = state.HeadAt(p.EpochHeight)!;
        var custodians = Custody.Custodians(p.ArtworkId, epoch, state.Masternodes.Values, o.CustodyVerifiers);
        if (custodians.Count < 2) return ChainRules.Reject("no-custodians", $"fewer than two masternodes were eligible at height {p.EpochHeight}");
        if (custodians[0] != primary.Id) return ChainRules.Reject("not-custodian", $"{primary.Id} is not the custodian primary of {p.ArtworkId} at height {p.EpochHeight} ({custodians[0]} is)");
        if (!PublicKeys.TryDecodeBase64(p.VerifierPublicKey, out var verifierKey)) return ChainRules.Reject("bad-verifier", "the verifier public key is not base64");
        var verifierId = PublicKeys.IdOf(verifierKey);
        if (!custodians.Skip(1).Contains(verifierId)) return ChainRules.Reject("not-verifier", $"{verifierId} is not a custody verifier of {p.ArtworkId} at height {p.EpochHeight}");
        if (!PublicKeys.TryDecodeBase64(p.VerifierSignature, out var signature) || !PublicKeys.Verify(verifierKey, p.SignedContent(state.ChainId, primary.Id), signature))
            return ChainRules.Reject("bad-verifier-signature", "the verifier's signature does not cover this amendment");
        var amendment = new TicketAmendment(state.PendingHeight, primary.Id, verifierId, p.AddedBlocks.ToArray(), p.Reason);
        return Result<ChainState>.Ok(state with { Tickets = state.Tickets.SetItem(p.ArtworkId, ticket with { Amendments = [.. ticket.Amendments, amendment] }) });
    }

    /// <summary>The epoch must be a sealed height, recent enough that its selection still matters.</summary>
    internal static string? EpochProblem(ChainState state, long epochHeight)
    {
        if (epochHeight < 0 || epochHeight > state.Head.Height) return $"height {epochHeight} is not sealed (the head is {state.Head.Height})";
        if (state.PendingHeight - epochHeight > state.Options.MaxEpochAgeHeights)
            return $"epoch {epochHeight} is more than {state.Options.MaxEpochAgeHeights} heights before the pending height {state.PendingHeight}";
        return null;
    }

    /// <summary>
    /// Decoder sanity: a known-looking format name, a positive archive length within the limit, positive K, T and M,
    /// K = ceil(L/T) (every archive byte lies in a source symbol, and no symbol lies wholly past it), and robust-soliton parameters in range.
    /// </summary>
    private static string? CodecProblem(CodecParameters? c, ChainOptions o)
    {
        if (c is null) return "the codec parameters are missing";
        if (string.IsNullOrEmpty(c.Format) || c.Format.Length > o.MaxCodecFormatChars || !c.Format.All(ch => ch is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '.'))
            return $"the format must be 1 to {o.MaxCodecFormatChars} characters of a-z, 0-9, '-' and '.'";
        if (c.ArchiveLength < 1 || c.ArchiveLength > o.MaxArchiveBytes) return $"the archive length must be 1 to {o.MaxArchiveBytes} bytes, got {c.ArchiveLength}";
        if (c.SourceSymbols < 1 || c.SymbolBytes < 1 || c.SymbolsPerBlock < 1) return "K (source symbols), T (symbol bytes) and M (symbols per block) must be positive";
        // K = ceil(L/T) exactly: the length, the symbol size and the symbol count bind each other, and decoders take the
        // ticket's code as the only one its blocks may carry (Retrieval: a block of another code is rejected), so a ticket
        // that understates the archive describes blocks nobody can use: the fee's length is bound to what the blocks carry.
        if ((c.ArchiveLength + c.SymbolBytes - 1) / c.SymbolBytes != c.SourceSymbols)
            return $"K must be ceil(L/T) = {(c.ArchiveLength + c.SymbolBytes - 1) / c.SymbolBytes} for an archive of {c.ArchiveLength} bytes in {c.SymbolBytes}-byte symbols, got {c.SourceSymbols}";
        if (!double.IsFinite(c.C) || c.C <= 0) return $"the robust soliton c must be positive, got {c.C}";
        if (!double.IsFinite(c.Delta) || c.Delta <= 0 || c.Delta >= 1) return $"the robust soliton delta must be in (0, 1), got {c.Delta}";
        return null;
    }

    /// <summary>Indices ≥ 1 and ids of 64 hex digits, each unique within the list and unused by the artwork.</summary>
    private static string? BlocksProblem(IReadOnlyList<TicketBlock> blocks, HashSet<uint> usedIndices, HashSet<string> usedIds)
    {
        var indices = new HashSet<uint>(usedIndices);
        var ids = new HashSet<string>(usedIds, StringComparer.Ordinal);
        foreach (var block in blocks)
        {
            if (block is null) return "a block entry is missing";
            if (block.Index < 1) return "block indices start at 1";
            if (!Hex.IsId(block.BlockId)) return $"block {block.Index}'s id is not 64 lower-case hex digits";
            if (!indices.Add(block.Index)) return $"block index {block.Index} is used twice";
            if (!ids.Add(block.BlockId)) return $"block id {block.BlockId} is listed twice";
        }
        return null;
    }
}
