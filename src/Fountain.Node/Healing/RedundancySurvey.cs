using System.Collections.Concurrent;
using Fountain.Chain.Model;
using Fountain.Codec.Artwork;
using Fountain.Codec.Hashing;
using Fountain.Node.Api;
using Fountain.Codec.Blocks;
using Fountain.Node.Network;
using Fountain.Node.Peers;
using Fountain.Node.Storage;

namespace Fountain.Node.Healing;

/// <summary>What a survey found: the measurement, the reachable holders of each ticket block, and what it cost.</summary>
internal sealed record SurveyResult(
    RedundancyMeasurement Measurement,
    IReadOnlyDictionary<string, IReadOnlyList<string>> HoldersByBlock,
    IReadOnlySet<string> ReachableNodes,
    IReadOnlySet<string> DistrustedNodes,
    long BytesFetched);

/// <summary>
/// Measures an artwork's redundancy as the seed defines it (fountain-blocks.txt: "the size of the distinct LT chunks
/// it is able to locate (after verifying that the chunks are valid)"). Every registered masternode is asked for its
/// listing of the artwork's blocks (one request per node instead of one HEAD per block and holder); then a sample of
/// blocks is spot-checked: a copy is fetched and verified against its id, and every other node claiming the block is
/// asked for the SHA3-256 of a random byte range of it. A node that answers wrongly is distrusted for the whole survey:
/// a node that lies about one block is not believed about the others. The sample is drawn from the epoch seed and the
/// artwork, so it is not known before the epoch.
/// </summary>
internal sealed class RedundancySurvey(HealingSettings settings, BlockLimits limits, string nodeId, BlockStore store, IPeers peers)
{
    public async Task<SurveyResult> RunAsync(ArtworkTicket ticket, Membership membership, CancellationToken cancellation)
    {
        var artworkId = Hash256.Parse(ticket.ArtworkId);
        var listed = ticket.AllBlocks.ToDictionary(b => b.BlockId, StringComparer.Ordinal);
        var claims = new ConcurrentDictionary<string, ConcurrentBag<string>>(StringComparer.Ordinal);
        var reachable = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        await Parallel.ForEachAsync(membership.ById.Values, new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellation }, async (m, ct) =>
        {
            try
            {
                var held = await peers.ListArtworkBlocksAsync(m, artworkId, ct).ConfigureAwait(false);
                reachable[m.Id] = true;
                foreach (var block in held.Blocks)
                {
                    // Only blocks the ticket lists count: a pending block of a heal not yet amended is not redundancy yet.
                    if (listed.ContainsKey(block.BlockId)) claims.GetOrAdd(block.BlockId, _ => []).Add(m.Id);
                }
            }
            catch (Exception) when (!cancellation.IsCancellationRequested)
            {
                // Unreachable or refusing: it holds nothing we can count on.
            }
        }).ConfigureAwait(false);

        var distrusted = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        long bytesFetched = 0;
        var random = new Random(SeedOf(ticket.ArtworkId, membership.Head.Hash));
        var sample = claims.Keys.Order(StringComparer.Ordinal).OrderBy(_ => random.Next()).Take(settings.SpotCheckBlocks).ToList();
        foreach (var blockHex in sample)
        {
            var blockId = Hash256.Parse(blockHex);
            var claimants = claims[blockHex].Distinct().Order(StringComparer.Ordinal).ToList();
            // On a block this node is a placed holder of, it checks only its own copy: the other holders refuse it their
            // bytes and range hashes (Api.HolderReadRule), and a refusal is no evidence against them.
            if (HolderReadRule.IsPlacedHolder(nodeId, blockId, membership.EligibleIds, ticket.HoldersPerBlock))
            {
                if (claimants.Contains(nodeId) && !OwnCopyIsIntact(blockId, artworkId)) distrusted.TryAdd(nodeId, $"holds a corrupt copy of block {blockHex}");
                continue;
            }
            byte[]? copy = null;
            foreach (var holder in claimants)
            {
                byte[]? bytes = null;
                try { bytes = await peers.GetBlockAsync(membership.ById[holder], blockId, cancellation).ConfigureAwait(false); }
                catch (Exception) when (!cancellation.IsCancellationRequested) { }
                if (bytes is null) { distrusted.TryAdd(holder, $"listed block {blockHex} but did not serve it"); continue; }
                bytesFetched += bytes.Length;
                BlockVerifier.Verify(bytes, blockId, limits, artworkId, out var verified);
                if (verified is null) { distrusted.TryAdd(holder, $"served a corrupt copy of block {blockHex}"); continue; }
                copy = bytes;
                break;
            }
            if (copy is null) continue;
            long length = Math.Min(settings.SpotCheckRangeBytes, copy.Length);
            long offset = random.NextInt64(0, copy.Length - length + 1);
            var expected = Sha3.Hash(copy.AsSpan((int)offset, (int)length)).ToString();
            await Parallel.ForEachAsync(claimants, new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellation }, async (holder, ct) =>
            {
                if (distrusted.ContainsKey(holder)) return;
                try
                {
                    var answer = await peers.HashRangeAsync(membership.ById[holder], blockId, offset, length, ct).ConfigureAwait(false);
                    if (answer?.Sha3 != expected) distrusted.TryAdd(holder, $"answered a range hash of block {blockHex} wrongly");
                }
                catch (Exception) when (!cancellation.IsCancellationRequested)
                {
                    distrusted.TryAdd(holder, $"did not answer a range hash of block {blockHex}");
                }
            }).ConfigureAwait(false);
        }

        var holders = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (blockHex, nodes) in claims)
        {
            var trusted = nodes.Distinct().Where(n => !distrusted.ContainsKey(n)).Order(StringComparer.Ordinal).ToList();
            if (trusted.Count > 0) holders[blockHex] = trusted;
        }
        var measurement = RedundancyMeter.Measure(ticket, holders.Keys.ToHashSet(StringComparer.Ordinal));
        return new SurveyResult(measurement, holders, reachable.Keys.Where(n => !distrusted.ContainsKey(n)).ToHashSet(StringComparer.Ordinal),
            distrusted.Keys.ToHashSet(StringComparer.Ordinal), bytesFetched);
    }

    private bool OwnCopyIsIntact(Hash256 blockId, Hash256 artworkId)
    {
        if (Challenges.VerifiedBlockCopy.ReadLocal(store, blockId) is not { } bytes) return false;
        BlockVerifier.Verify(bytes, blockId, limits, artworkId, out var verified);
        return verified is not null;
    }

    /// <summary>A sample seed from the epoch's hash and the artwork: the same for everyone, unknown before the epoch.</summary>
    internal static int SeedOf(string artworkId, string epochHash) =>
        BitConverter.ToInt32(Sha3.Hash(System.Text.Encoding.ASCII.GetBytes("fountain/heal-sample/v1\n" + artworkId + "\n" + epochHash)).ToArray(), 0);
}
