namespace Fountain.Node.Client;

/// <summary>The limits of a <see cref="NodeClient"/>.</summary>
public sealed record NodeClientOptions
{
    /// <summary>Timeout of one request (block transfers, listings, status, range hashes).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of a store request: the node encodes and places the whole archive before it answers.</summary>
    public TimeSpan StoreTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Largest block a GET may return (header included); a larger answer is refused unread.</summary>
    public long MaxBlockBytes { get; init; } = 2 * 1024 * 1024 + Fountain.Codec.Blocks.BlockHeader.Size;

    /// <summary>Largest JSON answer read (a listing of many blocks, a ticket draft).</summary>
    public long MaxJsonBytes { get; init; } = 64L * 1024 * 1024;
}
