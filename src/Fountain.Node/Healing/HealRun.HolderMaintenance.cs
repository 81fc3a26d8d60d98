using Fountain.Chain.Model;
using Fountain.Codec.Artwork;
using Fountain.Codec.Hashing;
using Fountain.Node.Network;

namespace Fountain.Node.Healing;

/// <summary>Holder maintenance: copies of existing blocks to the selected holders that lack them.</summary>
internal sealed partial class HealRun
{
    /// <summary>
    /// Holder maintenance (issue 7, item 1): a block the survey found on fewer than r of its selected holders is
    /// copied from a verified copy to the selected holders that lack it and are reachable. Returns the bytes moved.
    /// </summary>
    public async Task<(int Copies, long BytesMoved)> MaintainHoldersAsync(ArtworkTicket ticket, SurveyResult survey, Membership membership, int maxCopies, CancellationToken cancellation)
    {
        var artworkId = Hash256.Parse(ticket.ArtworkId);
        var work = new List<(Hash256 Id, IReadOnlyList<string> Sources, List<string> Targets)>();
        int planned = 0;
        foreach (var (blockHex, holders) in survey.HoldersByBlock.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (holders.Count >= ticket.HoldersPerBlock || planned >= maxCopies) continue;
            var id = Hash256.Parse(blockHex);
            var placed = Placement.HoldersOf(id, membership.EligibleIds, ticket.HoldersPerBlock);
            // When this custodian is itself a placed holder that lacks the block, it cannot fetch it (Api.HolderReadRule:
            // the other holders refuse a placed holder, and an exemption for custodians would be one for any cheater that is
            // custodian this epoch). It leaves the block for a later epoch's custodian, a different node with probability
            // (n-1)/n per epoch, which then copies it here too. Exposure: the block stays one holder short for those epochs.
            bool selfPlaced = placed.Contains(nodeId);
            if (selfPlaced && !holders.Contains(nodeId)) continue;
            var targets = placed.Where(h => survey.ReachableNodes.Contains(h) && !holders.Contains(h)).Take(maxCopies - planned).ToList();
            if (targets.Count == 0) continue;
            planned += targets.Count;
            work.Add((id, selfPlaced ? [nodeId] : holders, targets));
        }
        int copies = 0;
        long moved = 0;
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellation }, async (item, ct) =>
        {
            byte[]? copy = item.Sources.Contains(nodeId) ? Challenges.VerifiedBlockCopy.ReadLocal(store, item.Id) : null;
            foreach (var source in copy is null ? item.Sources.Where(s => s != nodeId) : [])
            {
                try { copy = await peers.GetBlockAsync(membership.ById[source], item.Id, ct).ConfigureAwait(false); }
                catch (Exception) when (!ct.IsCancellationRequested) { copy = null; }
                if (copy is null) continue;
                Interlocked.Add(ref moved, copy.Length);
                BlockVerifier.Verify(copy, item.Id, limits, artworkId, out var verified);
                if (verified is not null) break;
                copy = null;
            }
            if (copy is null) return;
            foreach (var target in item.Targets)
            {
                if (!await placement.TryPlaceAsync(membership.ById[target], item.Id, copy, ct).ConfigureAwait(false)) continue;
                Interlocked.Increment(ref copies);
                Interlocked.Add(ref moved, copy.Length);
            }
        }).ConfigureAwait(false);
        return (copies, moved);
    }
}
