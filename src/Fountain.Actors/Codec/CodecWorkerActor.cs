using Akka.Actor;
using Fountain.Codec.Artwork;
using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;

namespace Fountain.Actors.Codec;

/// <summary>Encode blocks [<see cref="FirstIndex"/>, <see cref="FirstIndex"/> + <see cref="Count"/>) of an archive into <see cref="Sink"/>; answered with <see cref="EncodeRangeReply"/>.</summary>
public sealed record EncodeRange(
    ReadOnlyMemory<byte> Archive,
    Hash256 ArtworkId,
    LtParameters Parameters,
    uint FirstIndex,
    int Count,
    ArtworkEncoder.BlockSink Sink,
    CancellationToken Cancellation);

/// <summary>The blocks made, or why encoding stopped.</summary>
public sealed record EncodeRangeReply(IReadOnlyList<EncodedBlock> Blocks, Exception? Error);

/// <summary>
/// Runs LT encoding on the codec's dedicated dispatcher (<see cref="CodecDispatcher"/>). One turn encodes one range
/// with a single thread, the dispatcher's own; a store session splits its blocks into one range per codec thread, so
/// the codec threads, and only they, do the encoding. The sink may block (an upload queue that is full): that is how
/// encoding is held to the pace of the uploads and a session's memory stays bounded (a heal's placement queue works
/// the same way). Decoding runs on the same dispatcher in <see cref="CodecDecoderActor"/>.
/// </summary>
public sealed class CodecWorkerActor : ReceiveActor
{
    public CodecWorkerActor()
    {
        var meter = CodecMeter.Get(Context.System);
        Receive<EncodeRange>(m =>
        {
            EncodeRangeReply reply;
            try
            {
                var options = new EncodeOptions { MaxDegreeOfParallelism = 1, Cancellation = m.Cancellation };
                reply = new EncodeRangeReply(ArtworkEncoder.EncodeRange(m.Archive, m.ArtworkId, m.Parameters, m.FirstIndex, m.Count, options, Counted(m.Sink, meter)), null);
            }
            catch (Exception e)
            {
                // Reported to the session, which owns the outcome; the worker itself is not at fault.
                reply = new EncodeRangeReply([], e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e);
            }
            Sender.Tell(reply);
        });
    }

    /// <summary>The sink, counting each block's bytes as it leaves the encoder.</summary>
    private static ArtworkEncoder.BlockSink Counted(ArtworkEncoder.BlockSink sink, CodecMeter meter) => (header, id, block) =>
    {
        meter.Encoded(block.Length);
        return sink(header, id, block);
    };

    public static Props Props() => Akka.Actor.Props.Create(() => new CodecWorkerActor()).WithDispatcher(CodecDispatcher.Id);
}
