using System.Buffers.Binary;
using Fountain.Chain.Model;
using Fountain.Codec.Hashing;

namespace Fountain.Chain.Rules;

/// <summary>
/// The byte range a storage challenge asks for, drawn from the epoch hash, the target and the block: the node's
/// challenge plan (Fountain.Node's ChallengePlan) draws it and the chain draws it again to check a report (issue 12,
/// hole 2), so neither a challenger nor a target can choose it, and both use this one code.
/// </summary>
public static class ChallengeDraw
{
    /// <summary>A v1 block's size: the 96-byte header and M symbols of T bytes.</summary>
    public static long BlockBytes(CodecParameters codec) => 96 + (long)codec.SymbolsPerBlock * codec.SymbolBytes;

    /// <summary>SHA3("challenge-block" ‖ epoch hash ‖ target ‖ block): orders a target's blocks, and its two halves give the range.</summary>
    public static byte[] Of(string epochHash, string targetId, string blockId)
    {
        var draw = new byte[Hash256.Size];
        Sha3.Hash([.. "challenge-block"u8, .. Convert.FromHexString(epochHash), .. Convert.FromHexString(targetId), .. Convert.FromHexString(blockId)], draw);
        return draw;
    }

    /// <summary>The range's first byte: uniform over the block.</summary>
    public static long Offset(byte[] draw, long blockBytes) => (long)(BinaryPrimitives.ReadUInt64BigEndian(draw) % (ulong)blockBytes);

    /// <summary>The range: from <see cref="Offset"/>, 1 to <paramref name="maxRangeBytes"/> bytes, never past the block's end.</summary>
    public static (long Offset, long Length) Range(byte[] draw, long blockBytes, long maxRangeBytes)
    {
        long offset = Offset(draw, blockBytes);
        long length = 1 + (long)(BinaryPrimitives.ReadUInt64BigEndian(draw.AsSpan(8)) % (ulong)Math.Min(maxRangeBytes, blockBytes - offset));
        return (offset, length);
    }
}
