namespace Fountain.Codec.Legacy;

/// <summary>
/// The fixed constants of <c>pastel-v0</c>, the block format of the seed's own Python demo
/// (pastelnetwork/stovacore, <c>core_modules/blackbox_modules/luby.py</c>, and the self-contained demo the
/// fountain-blocks seed links to). None of them may change: blocks written by that program must decode here.
/// </summary>
internal static class PastelV0Format
{
    /// <summary>Bytes of the header, struct format <c>&lt;3I32s</c>: three little-endian u32 and a 32-byte hash.</summary>
    public const int HeaderBytes = 44;

    /// <summary>Offset of the u32 archive length (the length of the data that was encoded).</summary>
    public const int ArchiveLengthOffset = 0;

    /// <summary>Offset of the u32 payload size (the reference calls it the block size; one symbol per block).</summary>
    public const int PayloadBytesOffset = 4;

    /// <summary>Offset of the u32 seed: the Park–Miller state this block's draws start from.</summary>
    public const int SeedOffset = 8;

    /// <summary>Offset of the SHA3-256 of the payload (the only hash the header carries).</summary>
    public const int PayloadHashOffset = 12;

    /// <summary>Bytes of a SHA3-256 digest.</summary>
    public const int HashBytes = 32;

    /// <summary>
    /// The byte that fills the last source symbol: the reference pads with <c>ljust(size, b'0')</c>, which is the
    /// ASCII digit zero (0x30), not the zero byte.
    /// </summary>
    public const byte PaddingByte = 0x30;

    /// <summary>Robust soliton parameter c, hard-coded in the reference ("Don't touch").</summary>
    public const double SolitonC = 0.1;

    /// <summary>Robust soliton parameter δ, hard-coded in the reference ("Don't touch").</summary>
    public const double SolitonDelta = 0.5;

    /// <summary>
    /// The largest first seed the reference draws: <c>random.randint(0, 2**30)</c> in luby.py and
    /// <c>random.randint(0, 1 &lt;&lt; 31 - 1)</c> in the demo, which Python parses as <c>1 &lt;&lt; 30</c>.
    /// </summary>
    public const uint MaxFirstSeed = 1u << 30;

    /// <summary>
    /// The largest seed a block may carry: every Park–Miller state after the first draw lies in [1, 2^31 − 2].
    /// Seed 0 is a fixed point of the generator (the reference cannot decode it) and seeds of 2^31 − 1 and above
    /// alias smaller ones; no reference encoder writes either, so a decoder refuses them.
    /// </summary>
    public const uint MaxSeed = (uint)ParkMillerRandom.Modulus - 1;

    /// <summary>Digits of the 1-based block index in a file name (<c>'{0:09}'.format(n)</c> in the demo).</summary>
    public const int FileNameIndexDigits = 9;

    /// <summary>The largest 1-based block index that still fits the file name's nine digits.</summary>
    public const int MaxBlockIndex = 999_999_999;
}
