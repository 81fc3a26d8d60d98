using Fountain.Node.Storage;
using Microsoft.Extensions.Logging;

namespace Fountain.Node.Misbehaviour;

/// <summary>
/// Does to a test node's disk what its misbehaviour says, once per epoch before the node's challenge round: deletes
/// the blocks it drops (every one for DropAll and Outsource, a fraction chosen by block id for DropFraction), or
/// flips every byte of the blocks it has not corrupted yet (CorruptBytes). Blocks that arrived since the last epoch
/// are treated the same way, so a cheater never keeps what it acknowledged. An honest node does nothing here.
/// </summary>
internal sealed class MisbehaviourApplier(Misbehaviour cheat, BlockStore store, BlockHolderGate holder, ILogger log)
{
    private const int PageRows = 1000;
    private readonly HashSet<string> _corrupted = new(StringComparer.Ordinal);

    /// <summary>Blocks deleted and blocks corrupted so far.</summary>
    public long Dropped { get; private set; }
    public long Corrupted => _corrupted.Count;

    public async Task ApplyAsync(CancellationToken cancellation = default)
    {
        if (cheat.IsHonest) return;
        string after = "";
        while (true)
        {
            var page = store.Page(after, PageRows);
            if (page.Count == 0) break;
            after = page[^1].BlockId.ToString();
            foreach (var row in page)
            {
                var id = row.BlockId.ToString();
                if (cheat.Drops(id))
                {
                    // Through the block holder, the store's one writer, like every other change to the store.
                    if (await holder.ChangeAsync(new DeleteBlock(row.BlockId), cancellation).ConfigureAwait(false)) Dropped++;
                }
                else if (cheat.Kind == MisbehaviourKind.CorruptBytes && _corrupted.Add(id))
                {
                    var path = store.FileOf(row.BlockId);
                    var bytes = File.ReadAllBytes(path);
                    for (int i = 0; i < bytes.Length; i++) bytes[i] ^= 0xFF;
                    File.WriteAllBytes(path, bytes);
                }
            }
        }
        log.LogWarning("misbehaviour {Kind}: {Dropped} blocks dropped, {Corrupted} corrupted so far", cheat.Kind, Dropped, Corrupted);
    }
}
