using Akka.Actor;
using Fountain.Codec.Artwork;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;

namespace Fountain.Actors.Codec;

/// <summary>A block's bytes as a holder served them: not verified yet.</summary>
public sealed record FetchedBlock(Hash256 Id, byte[] Bytes);

/// <summary>Verify <see cref="Blocks"/> against their ids and the artwork, and use the good ones for decoding; answered with <see cref="DecodeBlocksReply"/>.</summary>
public sealed record DecodeBlocks(IReadOnlyList<FetchedBlock> Blocks, CancellationToken Cancellation);

/// <summary>
/// What a batch did: the blocks that failed verification (the caller may fetch them from another holder), whether the
/// archive is complete (then <see cref="Archive"/> is it, verified against the artwork id), and how many more blocks
/// the decoder needs at least; or why decoding stopped.
/// </summary>
public sealed record DecodeBlocksReply(IReadOnlyList<Hash256> Rejected, bool Complete, int MinimumMoreBlocks, ReadOnlyMemory<byte> Archive, Exception? Error);

/// <summary>
/// One artwork's decoder on the codec's dedicated dispatcher, the decoding counterpart of <see cref="CodecWorkerActor"/>.
/// Fetches run on the thread pool (they are I/O); hashing each block (SHA3-256 of all its bytes) and peeling run here,
/// one batch per turn. The decoder's state lives in the actor, so one heal's blocks go to one actor and nothing is shared.
/// </summary>
public sealed class CodecDecoderActor : ReceiveActor
{
    public CodecDecoderActor(Hash256 artworkId, BlockLimits limits)
    {
        var decoder = new ArtworkDecoder(artworkId, limits);
        var meter = CodecMeter.Get(Context.System);
        Receive<DecodeBlocks>(m =>
        {
            DecodeBlocksReply reply;
            try
            {
                var rejected = new List<Hash256>();
                foreach (var block in m.Blocks)
                {
                    m.Cancellation.ThrowIfCancellationRequested();
                    if (decoder.IsComplete) break;
                    BlockVerifier.Verify(block.Bytes, block.Id, limits, artworkId, out var verified);
                    if (verified is null) rejected.Add(block.Id);
                    else
                    {
                        decoder.Add(verified);
                        meter.Decoded(block.Bytes.Length);
                    }
                }
                reply = new DecodeBlocksReply(rejected, decoder.IsComplete, decoder.MinimumMoreBlocks, decoder.IsComplete ? decoder.Archive : default, null);
            }
            catch (Exception e)
            {
                // Reported to the heal, which owns the outcome; the decoder itself is not at fault.
                reply = new DecodeBlocksReply([], false, decoder.MinimumMoreBlocks, default, e);
            }
            Sender.Tell(reply);
        });
    }

    public static Props Props(Hash256 artworkId, BlockLimits limits) =>
        Akka.Actor.Props.Create(() => new CodecDecoderActor(artworkId, limits)).WithDispatcher(CodecDispatcher.Id);
}
