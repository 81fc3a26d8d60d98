using Akka.Actor;
using Fountain.Codec.Artwork;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;
using Fountain.Node.Acceptance;
using Fountain.Node.Configuration;
using Fountain.Node.Network;
using Fountain.Node.Protocol;
using Fountain.Node.Storage;
using Microsoft.AspNetCore.Http;

namespace Fountain.Node.Api;

/// <summary>The outcome of offering a block: the HTTP status, and the answer or the reason for the refusal.</summary>
internal sealed record IntakeResult(int Status, PutBlockResponse? Response, string? Reason)
{
    public bool Accepted => Response is not null;
}

/// <summary>
/// The one way a block enters a node, whether it arrives over HTTP (PUT /blocks/{id}) or from a store session
/// this node runs: read what the chain says, apply <see cref="AcceptanceRule"/>, then write through the
/// <see cref="BlockHolderActor"/>. A refused block writes nothing.
/// </summary>
internal sealed class BlockIntake(NodeSettings settings, string nodeId, TimeProvider clock, ChainView chain, BlockStore store, BlockHolderGate holder)
{
    public async Task<IntakeResult> OfferAsync(Hash256 blockId, BufferedBody body, Signer signer, CancellationToken cancellation)
    {
        var bytes = body.Memory;
        BlockHeader.TryParse(bytes.Span, settings.BlockLimits, out var header, out _);
        var membership = await chain.GetMembershipAsync(cancellation).ConfigureAwait(false);
        var ticket = header is null ? null : await chain.GetTicketAsync(header.ArtworkId.ToString(), cancellation).ConfigureAwait(false);
        var offer = new BlockOffer(blockId, header?.ArtworkId, bytes.Length, signer.Id, signer.PublicKeyBase64, ticket);
        var state = new HolderState(nodeId, membership, settings.HoldersPerBlock, clock.GetUtcNow(),
            settings.PendingGrace, store.PendingBytes, settings.MaxPendingBytes);
        var decision = AcceptanceRule.Decide(offer, state, () => VerifyContent(blockId, body, header));
        if (!decision.Accepted)
        {
            int status = decision.Verdict switch
            {
                AcceptanceVerdict.Forbidden => StatusCodes.Status403Forbidden,
                AcceptanceVerdict.Corrupt => StatusCodes.Status422UnprocessableEntity,
                AcceptanceVerdict.NotAHolder => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status507InsufficientStorage,
            };
            return new IntakeResult(status, null, decision.Reason);
        }

        StoreBlockReply reply;
        try
        {
            reply = await holder.AskAsync<StoreBlockReply>(new StoreBlock(blockId, header!, bytes, decision.PendingUntil, settings.MaxPendingBytes), cancellation)
                .ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            body.Abandon(); // the holder may still be writing from this buffer
            return new IntakeResult(StatusCodes.Status503ServiceUnavailable, null, "the block store did not answer in time");
        }
        catch (OperationCanceledException)
        {
            body.Abandon(); // the caller went away, but the write it asked for may still be under way
            throw;
        }
        catch (BlockHolderBusyException e)
        {
            return new IntakeResult(StatusCodes.Status503ServiceUnavailable, null, $"the block store is busy: {e.Message}");
        }
        if (reply.Error is { } error) return new IntakeResult(StatusCodes.Status500InternalServerError, null, $"the block could not be written: {error}");
        return reply.Outcome switch
        {
            PutOutcome.Full => new IntakeResult(StatusCodes.Status507InsufficientStorage, null, $"this node's {store.CapacityBytes} bytes of capacity are used up"),
            PutOutcome.PendingFull => new IntakeResult(StatusCodes.Status507InsufficientStorage, null,
                $"this node already holds its limit of {settings.MaxPendingBytes} bytes of blocks not on the chain"),
            PutOutcome.AlreadyHeld => new IntakeResult(StatusCodes.Status200OK, new PutBlockResponse(blockId.ToString(), "already-held", store.Find(blockId)?.IsPending ?? false), null),
            _ => new IntakeResult(StatusCodes.Status201Created, new PutBlockResponse(blockId.ToString(), "stored", decision.PendingUntil is not null), null),
        };
    }

    /// <summary>
    /// The content check of <see cref="BlockVerifier"/> without hashing the block a second time: the body's
    /// SHA3-256 was already computed for the request signature, and a block's id is exactly that hash. The header
    /// must parse within the limits and describe the body's length, as <see cref="BlockVerifier"/> requires.
    /// </summary>
    private BlockVerdict VerifyContent(Hash256 blockId, BufferedBody body, BlockHeader? header)
    {
        if (body.Sha3Hex.Length == 0) return BlockVerifier.Verify(body.Memory, blockId, settings.BlockLimits, null, out _);
        if (header is null)
        {
            BlockHeader.TryParse(body.Memory.Span, settings.BlockLimits, out _, out var error);
            return new BlockVerdict(BlockOutcome.Rejected, error);
        }
        if (body.Length != header.BlockBytes) return new BlockVerdict(BlockOutcome.Rejected, $"the block has {body.Length} bytes but its header describes {header.BlockBytes}");
        if (body.Sha3Hex != blockId.ToString()) return new BlockVerdict(BlockOutcome.Rejected, $"its content hashes to {body.Sha3Hex}, not to its id {blockId} (corrupted or tampered)");
        return new BlockVerdict(BlockOutcome.Accepted);
    }
}
