using System.Buffers;
using Akka.Actor;
using Fountain.Chain.Identity;
using Fountain.Chain.Model;
using Fountain.Codec.Hashing;
using Fountain.Node.Api;
using Fountain.Node.BlockPlacement;
using Fountain.Node.Configuration;
using Fountain.Node.Network;
using Fountain.Node.Protocol;
using Microsoft.Extensions.Logging;

namespace Fountain.Node.Store;

/// <summary>A store session could not run at all (no masternodes to place on, the encoder failed); nothing was registered.</summary>
internal sealed class StoreSessionException(int status, string message, Exception? inner = null) : Exception(message, inner)
{
    public int Status { get; } = status;
}

/// <summary>
/// The server side of <c>fountain store</c> (issue 4, item 4): a masternode encodes an archive an owner sent
/// it and places the blocks. The flow:
/// <list type="number">
/// <item>The owner signs POST /artworks with the archive as body; the node streams it to a temporary file
/// (size-limited) and its SHA3-256 is the artwork id.</item>
/// <item>The node's <see cref="PlacementPipeline"/> (the one heals use too) encodes the archive on the codec's
/// dedicated dispatcher, one block range per codec thread, into a bounded queue of <c>upload-queue-blocks</c>, so a
/// session holds at most that + <c>upload-parallelism</c> blocks in memory.</item>
/// <item>Each block goes to its r holders (<see cref="Placement.HoldersOf"/>) in parallel, at most
/// <c>upload-parallelism</c> uploads at once, each with <c>request-timeout</c>; a holder that fails or refuses is
/// skipped (no substitute: another node would refuse a block it is not selected for). This node's own share
/// goes through the same <see cref="BlockIntake"/> as uploads from others. The blocks are pending on every
/// holder: their artwork is not on the chain yet.</item>
/// <item>The node answers with a <see cref="TicketDraft"/>: artwork id, codec parameters, every block's index
/// and id, its selected holders and those that acknowledged it. The owner checks that enough holders did,
/// signs <c>RegisterArtwork</c> from it and submits it to the chain; the holders then find the blocks on the
/// ticket and keep them. If the owner never registers, the blocks are deleted after <c>pending-grace</c>.</item>
/// </list>
/// </summary>
/// <param name="placement">Encodes on the codec's dedicated dispatcher and places the blocks through the peers.</param>
/// <param name="intake">This node's own share of the blocks goes in through it, like an upload from another node.</param>
internal sealed class StoreSession(NodeSettings settings, ChainView chain, NodeKey key, PlacementPipeline placement, BlockIntake intake, ILogger log)
{
    public async Task<TicketDraft> RunAsync(string archivePath, Hash256 artworkId, Signer owner, TimeSpan timeout, CancellationToken cancellation)
    {
        var archive = MappedArchive.Open(archivePath);
        bool encoderMayStillRun = false;
        try
        {
            return await RunAsync(archive, artworkId, owner, timeout, cancellation, () => encoderMayStillRun = true).ConfigureAwait(false);
        }
        finally
        {
            // Unmapping memory a codec thread still reads would crash the process, so after an encode that did not
            // answer within the session timeout the mapping is deliberately leaked.
            if (encoderMayStillRun) log.LogError("an encoder of artwork {Artwork} did not stop within the session timeout; its archive stays mapped", artworkId);
            else ((IDisposable)archive).Dispose();
        }
    }

    private async Task<TicketDraft> RunAsync(MappedArchive archive, Hash256 artworkId, Signer owner, TimeSpan timeout, CancellationToken cancellation, Action encoderTimedOut)
    {
        var parameters = settings.Layout.LayoutFor(archive.Length);
        int count = parameters.BlockCountFor(settings.Redundancy);
        var membership = await chain.GetMembershipAsync(cancellation).ConfigureAwait(false);
        if (membership.EligibleIds.Count == 0) throw new StoreSessionException(503, "the chain lists no masternode eligible to hold blocks");

        PlacementOutcome placed;
        try
        {
            placed = await placement.RunAsync(new PlacementJob(archive.Memory, artworkId, parameters, 1, count, membership, settings.HoldersPerBlock)
            {
                Encoders = settings.CodecThreads,
                EncodeTimeout = timeout,
                QueueBlocks = settings.UploadQueueBlocks,
                Parallelism = settings.UploadParallelism,
                Own = new OwnShare(key.Id, PlaceOwnBlockAsync),
            }, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            if (e is AskTimeoutException) encoderTimedOut();
            throw new StoreSessionException(500, $"encoding the archive failed: {e.Message}", e);
        }

        var codec = new CodecParameters("v1", parameters.ArchiveLength, parameters.SourceSymbols, parameters.SymbolBytes, parameters.SymbolsPerBlock, parameters.C, parameters.Delta);
        var blocks = placed.Blocks.Select(b => new DraftBlock(b.Index, b.Id.ToString(), b.SelectedHolders, b.AcknowledgedBy)).ToList();
        log.LogInformation("store session for artwork {Artwork}: {Blocks} blocks, {Placed} placed on at least one holder, fewest acknowledgements {Min}",
            artworkId, blocks.Count, blocks.Count(b => b.AcknowledgedBy.Count > 0), blocks.Count == 0 ? 0 : blocks.Min(b => b.AcknowledgedBy.Count));
        return new TicketDraft(artworkId.ToString(), owner.PublicKeyBase64, codec, settings.HoldersPerBlock, blocks);
    }

    /// <summary>
    /// This node's own share: the same intake as an upload from another node, on a copy, since an intake whose write
    /// times out abandons its buffer (the holder may still read it) while the pipeline returns its own to the pool.
    /// </summary>
    private async Task<bool> PlaceOwnBlockAsync(Hash256 blockId, ReadOnlyMemory<byte> bytes, CancellationToken cancellation)
    {
        using var body = new BufferedBody(CopyForIntake(bytes), bytes.Length, blockId.ToString()); // the encoder's id is the block's hash
        var result = await intake.OfferAsync(blockId, body, new Signer(key.Id, key.PublicKeyBase64), cancellation).ConfigureAwait(false);
        if (!result.Accepted) log.LogWarning("this node refused its own block {Block}: {Reason}", blockId, result.Reason);
        return result.Accepted;
    }

    private static byte[] CopyForIntake(ReadOnlyMemory<byte> bytes)
    {
        var copy = ArrayPool<byte>.Shared.Rent(bytes.Length);
        bytes.Span.CopyTo(copy);
        return copy;
    }
}
