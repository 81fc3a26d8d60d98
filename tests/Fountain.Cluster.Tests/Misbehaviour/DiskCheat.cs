using Fountain.Node.Configuration;
using Fountain.Node.Hosting;

namespace Fountain.Cluster.Tests.Misbehaviour;

/// <summary>
/// Does to a cheating node's disk what its <see cref="Cheat"/> says, before each epoch's challenges: deletes the blocks it
/// drops (every one for DropAll and Outsource, a fraction chosen by block id for DropFraction), or flips every byte of
/// the blocks it has not corrupted yet (CorruptBytes). Blocks that arrived since the last epoch are treated the same way,
/// so a cheater never keeps what it acknowledged. Deletions go through the node's block holder, the store's one writer,
/// as the node's own changes do. An honest node is left alone.
/// </summary>
internal sealed class DiskCheat(Cheat cheat, NodeHost node)
{
    private const int PageRows = 1000;
    private readonly HashSet<string> _corrupted = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dropped = new(StringComparer.Ordinal);

    /// <summary>
    /// Distinct blocks deleted and corrupted so far. A dropped block a custodian copied back (holder maintenance) is
    /// dropped again, but counted once: these say which blocks the cheater gave up, not how often.
    /// </summary>
    public long Dropped => _dropped.Count;
    public long Corrupted => _corrupted.Count;

    public async Task ApplyAsync(CancellationToken cancellation = default)
    {
        if (cheat.IsHonest) return;
        string after = "";
        while (true)
        {
            var page = node.Store.Page(after, PageRows);
            if (page.Count == 0) break;
            after = page[^1].BlockId.ToString();
            foreach (var row in page)
            {
                var id = row.BlockId.ToString();
                if (cheat.Drops(id))
                {
                    if (await node.Holder.ChangeAsync(new DeleteBlock(row.BlockId), cancellation)) _dropped.Add(id);
                }
                else if (cheat.Kind == MisbehaviourKind.CorruptBytes && _corrupted.Add(id))
                {
                    var path = node.Store.FileOf(row.BlockId);
                    var bytes = await File.ReadAllBytesAsync(path, cancellation);
                    for (int i = 0; i < bytes.Length; i++) bytes[i] ^= 0xFF;
                    await File.WriteAllBytesAsync(path, bytes, cancellation);
                }
            }
        }
    }
}
