using Fountain.Chain.Model;
using Fountain.Codec.Hashing;
using Fountain.Node.Peers;
using Fountain.Node.Storage;

namespace Fountain.Node.Challenges;

/// <summary>
/// A block's bytes that are known to be right: read from this node's store or fetched from another holder, and in
/// both cases kept only if their SHA3-256 is the block id (a block is named by its own hash, header and payload).
/// </summary>
internal static class VerifiedBlockCopy
{
    /// <summary>This node's own copy, or null when it holds none or its copy is corrupt (the scrubber deals with that).</summary>
    public static byte[]? ReadLocal(BlockStore store, Hash256 blockId)
    {
        using var file = store.OpenRead(blockId);
        if (file is null) return null;
        var bytes = new byte[file.Length];
        file.ReadExactly(bytes);
        return Sha3.Hash(bytes) == blockId ? bytes : null;
    }

    /// <summary>The first verified copy among <paramref name="holders"/>, tried in order; failures and wrong bytes move on to the next.</summary>
    public static async Task<byte[]?> FetchAsync(IPeers peers, Hash256 blockId, IEnumerable<Masternode> holders, CancellationToken cancellation)
    {
        foreach (var holder in holders)
        {
            byte[]? bytes;
            try
            {
                bytes = await peers.GetBlockAsync(holder, blockId, cancellation).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellation.IsCancellationRequested)
            {
                continue; // that holder is down or refused; ask the next
            }
            if (bytes is not null && Sha3.Hash(bytes) == blockId) return bytes;
        }
        return null;
    }

    /// <summary>SHA3-256 of bytes [offset, offset + length) of <paramref name="block"/>; null when the range is not within it.</summary>
    public static Hash256? HashRange(ReadOnlySpan<byte> block, long offset, long length) =>
        offset < 0 || length < 0 || offset > block.Length || length > block.Length - offset ? null : Sha3.Hash(block.Slice((int)offset, (int)length));
}
