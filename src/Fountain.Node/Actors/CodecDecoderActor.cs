using Fountain.Actors;
using Fountain.Codec.Artwork;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;

namespace Fountain.Node.Actors;

/// <summary>A block's bytes as a holder served them: not verified yet.</summary>
internal sealed record FetchedBlock(Hash256 Id, byte[] Bytes);

/// <summary>Verify <see cref="Blocks"/> against their ids and the artwork, and use the good ones for decoding.</summary>
internal sealed record DecodeBlocks(IReadOnlyList<FetchedBlock> Blocks, CancellationToken Cancellation, ActorRef<DecodeBlocksReply> ReplyTo);

/// <summary>
/// What a batch did: the blocks that failed verification (the caller may fetch them from another holder), whether the
/// archive is complete (then <see cref="Archive"/> is it, verified against the artwork id), and how many more blocks
/// the decoder needs at least; or why decoding stopped.
/// </summary>
internal sealed record DecodeBlocksReply(IReadOnlyList<Hash256> Rejected, bool Complete, int MinimumMoreBlocks, ReadOnlyMemory<byte> Archive, Exception? Error);

/// <summary>
/// One artwork's decoder on the codec's dedicated dispatcher (DESIGN.md, "Actors": "Codec work runs on a dedicated
/// dispatcher ..., never on the thread pool"), the decoding counterpart of <see cref="CodecWorkerActor"/>. Fetches
/// run on the thread pool (they are I/O); hashing each block (SHA3-256 of all its bytes) and peeling run here, one
/// batch per turn. The decoder's state lives in the actor, so one heal's blocks go to one actor and nothing is shared.
/// </summary>
internal sealed class CodecDecoderActor(Hash256 artworkId, BlockLimits limits) : Actor<DecodeBlocks>
{
    private readonly ArtworkDecoder _decoder = new(artworkId, limits);

    public static Props<DecodeBlocks> Props(Hash256 artworkId, BlockLimits limits) =>
        Props<DecodeBlocks>.Create(() => new CodecDecoderActor(artworkId, limits)) with { Dispatcher = CodecWorkerActor.Dispatcher };

    protected override void Receive(DecodeBlocks m)
    {
        DecodeBlocksReply reply;
        try
        {
            var rejected = new List<Hash256>();
            foreach (var block in m.Blocks)
            {
                m.Cancellation.ThrowIfCancellationRequested();
                if (_decoder.IsComplete) break;
                BlockVerifier.Verify(block.Bytes, block.Id, limits, artworkId, out var verified);
                if (verified is null) rejected.Add(block.Id);
                else _decoder.Add(verified);
            }
            reply = new DecodeBlocksReply(rejected, _decoder.IsComplete, _decoder.MinimumMoreBlocks, _decoder.IsComplete ? _decoder.Archive : default, null);
        }
        catch (Exception e)
        {
            // Reported to the heal, which owns the outcome; the decoder itself is not at fault.
            reply = new DecodeBlocksReply([], false, _decoder.MinimumMoreBlocks, default, e);
        }
        m.ReplyTo.Tell(reply);
    }
}
