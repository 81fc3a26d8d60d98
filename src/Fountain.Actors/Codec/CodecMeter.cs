using Akka.Actor;

namespace Fountain.Actors.Codec;

/// <summary>
/// Bytes the codec actors of one actor system have encoded and decoded since it started (a node's /metrics shows them as
/// fountain_codec_*_bytes_total; their rate is the codec's throughput). One per actor system, so several nodes in one
/// process count apart. Block bytes are counted as each block leaves the encoder or enters the decoder verified.
/// </summary>
public sealed class CodecMeter : IExtension
{
    private long _encodedBytes, _decodedBytes;

    public static CodecMeter Get(ActorSystem system) => system.WithExtension<CodecMeter, CodecMeterId>();

    /// <summary>Bytes of blocks the encoders made (header and payload).</summary>
    public long EncodedBytes => Interlocked.Read(ref _encodedBytes);

    /// <summary>Bytes of verified blocks the decoders took in (header and payload).</summary>
    public long DecodedBytes => Interlocked.Read(ref _decodedBytes);

    internal void Encoded(long bytes) => Interlocked.Add(ref _encodedBytes, bytes);
    internal void Decoded(long bytes) => Interlocked.Add(ref _decodedBytes, bytes);
}

/// <summary>Akka's handle on <see cref="CodecMeter"/>.</summary>
public sealed class CodecMeterId : ExtensionIdProvider<CodecMeter>
{
    public override CodecMeter CreateExtension(ExtendedActorSystem system) => new();
}
