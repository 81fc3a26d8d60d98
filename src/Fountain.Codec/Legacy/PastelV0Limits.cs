namespace Fountain.Codec.Legacy;

/// <summary>
/// Limits a pastel-v0 encoder or decoder enforces, so that a hostile header can neither exhaust memory nor time.
/// The header's own fields are u32, which alone would allow a 4 GiB archive of one-byte symbols.
/// </summary>
/// <param name="MaxArchiveBytes">Largest archive length accepted (bytes). At most <see cref="Array.MaxLength"/>,
/// because the decoded archive is returned as one array.</param>
/// <param name="MaxPayloadBytes">Largest payload (symbol) size accepted (bytes).</param>
/// <param name="MaxSourceSymbols">Largest K = ⌈archive ÷ payload⌉ accepted: the degree table and a block's
/// neighbour draws grow with K.</param>
public sealed record PastelV0Limits(long MaxArchiveBytes, int MaxPayloadBytes, int MaxSourceSymbols)
{
    /// <summary>1 GiB archives, 64 MiB payloads, 2^20 source symbols.</summary>
    public static PastelV0Limits Default { get; } = new(1L << 30, 64 << 20, 1 << 20);

    /// <summary>Throws when a limit is itself out of range.</summary>
    internal void Validate()
    {
        if (MaxArchiveBytes < 1 || MaxArchiveBytes > Math.Min(uint.MaxValue, Array.MaxLength))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxArchiveBytes), MaxArchiveBytes,
                $"must be between 1 and {Math.Min(uint.MaxValue, Array.MaxLength)} bytes");
        }

        if (MaxPayloadBytes < 1 || MaxPayloadBytes > Array.MaxLength - PastelV0Format.HeaderBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPayloadBytes), MaxPayloadBytes,
                $"must be between 1 and {Array.MaxLength - PastelV0Format.HeaderBytes} bytes");
        }

        if (MaxSourceSymbols < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSourceSymbols), MaxSourceSymbols, "must be at least 1");
        }
    }
}
