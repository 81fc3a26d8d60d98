using Fountain.Codec.Artwork;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;
using Fountain.Codec.Legacy;
using Fountain.Codec.Lt;

namespace Fountain.Codec.Fuzzing;

/// <summary>
/// Fuzzes the block parsers (v1 and pastel-v0) alone and inside a decode. Each input is parsed by both header
/// parsers, which must never throw, then offered to a decoder among genuine blocks of a small archive, named by its
/// own hash as a forger would name it. The decode must never produce an archive other than the genuine one. The
/// only exception allowed is <see cref="InvalidDataException"/>, which a decoder throws when a forged block with the
/// right code but wrong symbols made the rebuilt archive miss its id (documented on <see cref="ArtworkDecoder"/>).
/// </summary>
public sealed class BlockFuzzTarget : IFuzzTarget
{
    // Small limits: a mutated header may claim anything up to them, and the fuzzer must stay fast.
    private readonly BlockLimits _limits = new() { MaxBlockBytes = 1 << 16, MaxArchiveBytes = 1 << 20, MaxSourceSymbols = 1 << 12 };
    private readonly PastelV0Limits _pastelLimits = new(1 << 20, 1 << 16, 1 << 12);
    private readonly byte[] _archive;
    private readonly Hash256 _artworkId;
    private readonly List<(byte[] Bytes, Hash256 Id)> _v1 = [];
    private readonly List<(byte[] Bytes, string Name)> _pastel = [];

    public BlockFuzzTarget()
    {
        _archive = new byte[3000];
        new FuzzRandom(3000).NextBytes(_archive);
        _artworkId = Sha3.Hash(_archive);
        var layout = new LtLayoutPolicy { MaxBlockBytes = 16 * 1024, MinBlockBytes = 256, TargetSourceSymbols = 1024 };
        var options = new EncodeOptions { Layout = layout, Redundancy = 4, MaxDegreeOfParallelism = 1 };
        ArtworkEncoder.Encode(_archive, _artworkId, options, (_, id, block) => { _v1.Add((block.ToArray(), id)); return null; });
        PastelV0Encoder.Encode(_archive, 300, 4, 12345, (name, block) => _pastel.Add((block.ToArray(), name)));
        Seeds = [.. _v1.Take(6).Select(b => b.Bytes), .. _pastel.Take(6).Select(b => b.Bytes)];
    }

    public string Name => "blocks";
    public IReadOnlyList<byte[]> Seeds { get; }

    /// <summary>v1: version, codec, L, K, T, M, c, δ, index, seed, payload length, reserved; pastel-v0: L, T, seed.</summary>
    public IReadOnlyList<int> FieldOffsets { get; } = [4, 6, 40, 48, 52, 56, 60, 64, 68, 72, 80, 88, 0, 8];

    public bool IsDocumented(Exception exception) => exception is InvalidDataException or InconsistentBlocksException;

    public FuzzOutcome Run(byte[] input)
    {
        // The parsers alone: a verdict, never an exception.
        BlockHeader.TryParse(input, _limits, out _, out _);
        PastelV0Block.TryParseHeader(input, out _, out _);
        PastelV0Block.TryVerify(input, null, _pastelLimits, out _, out _, out _);
        // Sometimes the input comes first, so that its header, not a genuine one, meets the decoder first.
        bool first = input.Length % 3 == 0;
        return BlockHeader.HasMagic(input) ? DecodeV1(input, first) : DecodePastel(input, first);
    }

    private FuzzOutcome DecodeV1(byte[] input, bool first)
    {
        var decoder = new ArtworkDecoder(_artworkId, _limits);
        BlockVerdict verdict = default;
        if (first) verdict = decoder.Offer(input, Sha3.Hash(input));
        for (int i = 0; i < _v1.Count && !decoder.IsComplete; i++)
        {
            decoder.Offer(_v1[i].Bytes, _v1[i].Id);
            if (i == 1 && !first) verdict = decoder.Offer(input, Sha3.Hash(input));
        }
        if (decoder.IsComplete && !decoder.Archive.Span.SequenceEqual(_archive))
            throw new FuzzViolation("a v1 decode completed with an archive other than the genuine one");
        return verdict.Used ? FuzzOutcome.Accepted : FuzzOutcome.Rejected;
    }

    private FuzzOutcome DecodePastel(byte[] input, bool first)
    {
        var decoder = new PastelV0ArtworkDecoder(_artworkId, _pastelLimits);
        BlockVerdict verdict = default;
        if (first) verdict = decoder.Offer(input, "fuzzed.block", default);
        for (int i = 0; i < _pastel.Count && !decoder.IsComplete; i++)
        {
            decoder.Offer(_pastel[i].Bytes, _pastel[i].Name, default);
            if (i == 1 && !first) verdict = decoder.Offer(input, "fuzzed.block", default);
        }
        if (decoder.IsComplete && !decoder.Archive.Span.SequenceEqual(_archive))
            throw new FuzzViolation("a pastel-v0 decode completed with an archive other than the genuine one");
        return verdict.Used ? FuzzOutcome.Accepted : FuzzOutcome.Rejected;
    }
}
