using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;
using System.Globalization;

namespace Fountain.Codec.Legacy;

/// <summary>
/// Writes pastel-v0 blocks byte for byte as the seed's Python program does, so that it can decode them.
/// </summary>
/// <remarks>
/// Behaviour of the reference (stovacore luby.py <c>encode</c>, and the demo the fountain-blocks seed links to):
/// the archive is cut into K = ⌈length ÷ T⌉ symbols of T payload bytes, the last one filled with 0x30; the number
/// of blocks is <c>math.ceil((1.00 * redundancy * length) / T)</c>, evaluated in doubles; the first block's seed is
/// drawn once and every later block's seed is the generator state the previous block left behind; each block is
/// the XOR of its selected symbols, prefixed by the 44-byte header. Block size here means the whole block, header
/// included, as luby.py's <c>end_block_size</c> (T = block size − 44); the seed's demo passed its 2,048,000-byte T
/// directly, which is a block size of 2,048,044 here. Redundancy is counted in payloads, as both programs do.
/// Randomness is injected: the caller supplies the first seed (see <see cref="DrawFirstSeed"/>).
/// An empty archive is refused: the reference fails on it (K = 0 makes its soliton table a math domain error).
/// </remarks>
public static class PastelV0Encoder
{
    /// <summary>
    /// Encodes <paramref name="archive"/> into ⌈redundancy · length ÷ T⌉ blocks with chained seeds starting at
    /// <paramref name="firstSeed"/>, handing each block and its file name to <paramref name="sink"/> in order.
    /// </summary>
    /// <exception cref="ArgumentException">An empty or oversized archive, a block size not above 44 bytes or above
    /// the limits, a redundancy that is not a positive finite number, too many blocks, or a seed outside
    /// [1, 2^31 − 2]. Nothing is written to the sink then.</exception>
    public static PastelV0EncodeResult Encode(
        ReadOnlySpan<byte> archive,
        int blockSizeBytes,
        double redundancy,
        uint firstSeed,
        PastelV0BlockSink sink,
        PastelV0Limits? limits = null)
    {
        limits ??= PastelV0Limits.Default;
        int blocks = BlockCount(archive.Length, blockSizeBytes, redundancy, limits);
        CheckSeed(firstSeed, nameof(firstSeed));
        return Write(archive, blockSizeBytes, blocks, (int _, uint previousNext) => previousNext, firstSeed, sink, limits);
    }

    /// <summary>
    /// Encodes one block per given seed, in order (luby.py's <c>encode(..., seeds)</c>): regenerates exactly the
    /// blocks a ticket lists, for example when healing. File indices run from 1.
    /// </summary>
    public static PastelV0EncodeResult EncodeWithSeeds(
        ReadOnlySpan<byte> archive,
        int blockSizeBytes,
        IReadOnlyList<uint> seeds,
        PastelV0BlockSink sink,
        PastelV0Limits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        limits ??= PastelV0Limits.Default;
        CheckShape(archive.Length, blockSizeBytes, limits);
        if (seeds.Count is 0 or > PastelV0Format.MaxBlockIndex)
        {
            throw new ArgumentException($"between 1 and {PastelV0Format.MaxBlockIndex} seeds are needed, got {seeds.Count}", nameof(seeds));
        }

        for (int i = 0; i < seeds.Count; i++)
        {
            CheckSeed(seeds[i], nameof(seeds));
        }

        return Write(archive, blockSizeBytes, seeds.Count, (int index, uint _) => seeds[index], seeds[0], sink, limits);
    }

    /// <summary>
    /// Number of blocks an encode writes: <c>math.ceil((1.00 * redundancy * length) / T)</c> in doubles, as the
    /// reference computes it (so 12x of a 1-byte archive is one block, like the demo's single block for small files).
    /// </summary>
    public static int BlockCount(long archiveBytes, int blockSizeBytes, double redundancy, PastelV0Limits? limits = null)
    {
        limits ??= PastelV0Limits.Default;
        CheckShape(archiveBytes, blockSizeBytes, limits);
        if (!double.IsFinite(redundancy) || redundancy <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(redundancy), redundancy, "redundancy must be a positive finite number");
        }

        int payload = blockSizeBytes - PastelV0Format.HeaderBytes;
        double blocks = Math.Ceiling(1.00 * redundancy * archiveBytes / payload);
        if (blocks > PastelV0Format.MaxBlockIndex)
        {
            throw new ArgumentOutOfRangeException(nameof(redundancy), redundancy,
                string.Create(CultureInfo.InvariantCulture, $"{blocks} blocks would not fit the nine-digit file name index (at most {PastelV0Format.MaxBlockIndex})"));
        }

        return (int)blocks;
    }

    /// <summary>
    /// Draws a first seed as the reference does, uniformly from its range, except 0: the reference's
    /// <c>randint(0, 2**30)</c> can return 0, a fixed point of the generator whose blocks it cannot decode.
    /// </summary>
    public static uint DrawFirstSeed(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return (uint)random.NextInt64(1, (long)PastelV0Format.MaxFirstSeed + 1);
    }

    private static PastelV0EncodeResult Write(
        ReadOnlySpan<byte> archive,
        int blockSizeBytes,
        int blockCount,
        Func<int, uint, uint> seedForBlock,
        uint firstSeed,
        PastelV0BlockSink sink,
        PastelV0Limits limits)
    {
        ArgumentNullException.ThrowIfNull(sink);
        int payload = blockSizeBytes - PastelV0Format.HeaderBytes;
        int k = (int)((archive.Length + (long)payload - 1) / payload);
        string archiveHex = Sha3.HashHex(archive);

        // Only the last symbol may be short; one padded copy of it keeps every other read a slice of the archive.
        int tail = archive.Length - (k - 1) * payload;
        byte[] paddedLast = new byte[payload];
        archive[((k - 1) * payload)..].CopyTo(paddedLast);
        paddedLast.AsSpan(tail).Fill(PastelV0Format.PaddingByte);

        var selector = new PastelV0SymbolSelector(k);
        byte[] block = new byte[blockSizeBytes];
        Span<byte> header = block.AsSpan(0, PastelV0Format.HeaderBytes);
        Span<byte> body = block.AsSpan(PastelV0Format.HeaderBytes);
        Span<byte> blockHash = stackalloc byte[PastelV0Format.HashBytes];

        uint next = firstSeed;
        for (int i = 0; i < blockCount; i++)
        {
            uint seed = seedForBlock(i, next);
            ReadOnlySpan<int> symbols = selector.Select(seed, out next);
            Symbol(archive, paddedLast, symbols[0], k, payload).CopyTo(body);
            for (int j = 1; j < symbols.Length; j++)
            {
                Xor.Into(body, Symbol(archive, paddedLast, symbols[j], k, payload));
            }

            PastelV0Header.WriteFields(header, (uint)archive.Length, (uint)payload, seed);
            Sha3.Hash(body, header.Slice(PastelV0Format.PayloadHashOffset, PastelV0Format.HashBytes));
            Sha3.Hash(block, blockHash);
            var name = new PastelV0FileName(archiveHex, i + 1, Convert.ToHexStringLower(blockHash));
            sink(name.ToString(), block);
        }

        return new PastelV0EncodeResult(archiveHex, blockCount, k, payload, firstSeed);
    }

    private static ReadOnlySpan<byte> Symbol(ReadOnlySpan<byte> archive, byte[] paddedLast, int index, int k, int payload) =>
        index == k - 1 ? paddedLast : archive.Slice(index * payload, payload);

    private static void CheckShape(long archiveBytes, int blockSizeBytes, PastelV0Limits limits)
    {
        limits.Validate();
        if (archiveBytes < 1)
        {
            throw new ArgumentException(
                "pastel-v0 cannot encode an empty archive: the reference program fails on it (K = 0), so no block could be decoded there.",
                nameof(archiveBytes));
        }

        if (archiveBytes > limits.MaxArchiveBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(archiveBytes), archiveBytes, $"archive is above the limit of {limits.MaxArchiveBytes} bytes");
        }

        long payload = (long)blockSizeBytes - PastelV0Format.HeaderBytes;
        if (payload < 1 || payload > limits.MaxPayloadBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(blockSizeBytes), blockSizeBytes,
                $"block size must leave between 1 and {limits.MaxPayloadBytes} payload bytes after the {PastelV0Format.HeaderBytes}-byte header");
        }

        long k = (archiveBytes + payload - 1) / payload;
        if (k > limits.MaxSourceSymbols)
        {
            throw new ArgumentOutOfRangeException(nameof(blockSizeBytes), blockSizeBytes,
                $"{k} source symbols are above the limit of {limits.MaxSourceSymbols}; use larger blocks");
        }
    }

    private static void CheckSeed(uint seed, string parameter)
    {
        if (seed == 0 || seed > PastelV0Format.MaxSeed)
        {
            throw new ArgumentOutOfRangeException(parameter, seed, $"seeds must lie in [1, {PastelV0Format.MaxSeed}]");
        }
    }
}
