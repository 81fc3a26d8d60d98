namespace Fountain.Codec.Lt;

/// <summary>
/// The shape of one artwork's LT code: K source symbols of T bytes covering the archive (the last one
/// zero-padded), M symbols bundled per block, and the robust soliton's c and δ. Everything a decoder needs
/// besides the blocks themselves; every block header repeats it.
/// </summary>
public sealed record LtParameters(long ArchiveLength, int SourceSymbols, int SymbolBytes, int SymbolsPerBlock, double C, double Delta)
{
    public int BlockPayloadBytes => SymbolsPerBlock * SymbolBytes;

    /// <summary>K·T: the archive rounded up to whole symbols.</summary>
    public long PaddedLength => (long)SourceSymbols * SymbolBytes;

    /// <summary>How many blocks give <paramref name="redundancy"/> times the archive's symbols.</summary>
    public int BlockCountFor(double redundancy) =>
        (int)Math.Max(1, Math.Ceiling(redundancy * SourceSymbols / SymbolsPerBlock));

    /// <summary>
    /// K for an archive of <paramref name="archiveLength"/> bytes in symbols of <paramref name="symbolBytes"/> (at least one
    /// symbol, even for an empty archive). Computed without overflow; a K that does not fit an int is an error, never a
    /// wrapped number (a header claiming L = 2^39 + 227 in 128-byte symbols would otherwise pass for K = 2).
    /// </summary>
    public static int SourceSymbolsFor(long archiveLength, int symbolBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(archiveLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(symbolBytes);
        long k = archiveLength == 0 ? 1 : (archiveLength - 1) / symbolBytes + 1;
        if (k > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(archiveLength), archiveLength, $"{archiveLength} bytes in {symbolBytes}-byte symbols need more than {int.MaxValue} source symbols.");
        return (int)k;
    }
}

/// <summary>
/// Chooses the code's shape for an archive. LT's overhead shrinks as K grows (Luby 2002: about
/// K + O(√K·ln²(K/δ)) symbols decode), so the symbol size T is picked to give K near the target; blocks then
/// bundle M symbols. Small archives get smaller blocks so that they still span several blocks and keep the
/// full redundancy in independent pieces (the seed's demo gave a file under ~170 KB a single block).
/// </summary>
public sealed record LtLayoutPolicy
{
    /// <summary>The largest block payload (the seed's 2 MB chunk, as a power of two).</summary>
    public int MaxBlockBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>The K the layout aims for; larger K means lower decode overhead and more per-symbol bookkeeping.</summary>
    public int TargetSourceSymbols { get; init; } = 32768;

    /// <summary>Symbol sizes are multiples of this, so XOR runs on whole vectors.</summary>
    public int SymbolAlignmentBytes { get; init; } = 32;

    /// <summary>
    /// Symbols are not made smaller than this: below it, per-symbol bookkeeping costs more than the bytes it
    /// moves, while the decode overhead it would save is already small.
    /// </summary>
    public int MinSymbolBytes { get; init; } = 128;

    /// <summary>An archive spans at least this many blocks, when it is large enough to, so one block is a small step of the decode.</summary>
    public int MinBlocksPerArchive { get; init; } = 16;

    /// <summary>Blocks are not made smaller than this unless the whole archive is smaller.</summary>
    public int MinBlockBytes { get; init; } = 4096;

    public double C { get; init; } = 0.03;
    public double Delta { get; init; } = 0.5;

    public LtParameters LayoutFor(long archiveLength)
    {
        Validate();
        if (archiveLength < 0) throw new ArgumentOutOfRangeException(nameof(archiveLength), "An archive length cannot be negative.");
        int align = SymbolAlignmentBytes;
        long perSymbol = (archiveLength + TargetSourceSymbols - 1) / TargetSourceSymbols;
        int minSymbol = (MinSymbolBytes + align - 1) / align * align;
        int symbolBytes = (int)Math.Clamp((perSymbol + align - 1) / align * align, Math.Min(minSymbol, MaxBlockBytes / align * align), MaxBlockBytes / align * align);
        int k = LtParameters.SourceSymbolsFor(archiveLength, symbolBytes);

        int maxPerBlock = Math.Max(1, MaxBlockBytes / symbolBytes);
        int minPerBlock = (MinBlockBytes + symbolBytes - 1) / symbolBytes;
        int perBlock = Math.Max(minPerBlock, k / MinBlocksPerArchive);
        perBlock = Math.Clamp(Math.Min(perBlock, k), 1, maxPerBlock);
        return new LtParameters(archiveLength, k, symbolBytes, perBlock, QuantizeToMillionths(C), QuantizeToMillionths(Delta));
    }

    /// <summary>
    /// Block headers carry c and δ in millionths; the encoder must build its degree table from exactly the
    /// values a decoder will read back, or the two tables could differ in their last bit.
    /// </summary>
    internal static double QuantizeToMillionths(double value) => Math.Round(value * 1_000_000) / 1_000_000;

    private void Validate()
    {
        if (MaxBlockBytes < SymbolAlignmentBytes) throw new ArgumentException($"MaxBlockBytes ({MaxBlockBytes}) must be at least one symbol ({SymbolAlignmentBytes} bytes).");
        if (TargetSourceSymbols < 1 || MinBlocksPerArchive < 1 || MinBlockBytes < 1 || SymbolAlignmentBytes < 1 || MinSymbolBytes < 1)
            throw new ArgumentException("Layout counts and sizes must be positive.");
    }
}
