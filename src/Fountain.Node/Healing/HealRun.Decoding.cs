using Akka.Actor;
using Fountain.Chain.Model;
using Fountain.Codec.Artwork;
using Fountain.Codec.Hashing;
using Fountain.Node.Api;
using Fountain.Node.Network;
using Fountain.Node.Retrieval;
using Microsoft.Extensions.Logging;

namespace Fountain.Node.Healing;

/// <summary>A heal's first step: fetching verified blocks from the holders found and decoding the archive on the codec dispatcher.</summary>
internal sealed partial class HealRun
{
    private sealed record DecodeResult(ReadOnlyMemory<byte>? Archive, int MissingBlocks, long BytesFetched);

    /// <summary>
    /// Fetches blocks from the holders the survey found (in an order drawn from the epoch seed), <c>parallelism</c> at a
    /// time on the thread pool, and hands each batch to a <see cref="CodecDecoderActor"/> on the codec dispatcher, which
    /// verifies every block against its id and the artwork and decodes, until the archive is complete. A holder that
    /// served a bad copy is skipped for that block only (the block is fetched again from its next holder): the survey
    /// already distrusted the holders its spot-checks caught, and one corrupt file on a node does not make its other
    /// blocks worthless.
    /// </summary>
    private async Task<DecodeResult> DecodeFromSurveyAsync(ArtworkTicket ticket, Hash256 artworkId, SurveyResult survey, Membership membership, CancellationToken cancellation)
    {
        try
        {
            return await DecodeAsync(ticket, artworkId, survey.HoldersByBlock, membership, cancellation).ConfigureAwait(false);
        }
        catch (InconsistentBlocksException first)
        {
            // Some listed blocks are forgeries (issue 12, hole 1): decode again without one source of the ticket's blocks at
            // a time (Retrieval.TicketSources), so that a custodian that amended the ticket with random payloads cannot
            // stop every later heal. Only taken after the archive failed its hash, so the honest path pays nothing.
            long fetched = 0;
            foreach (var subset in TicketSources.AfterInconsistentDecode(ticket))
            {
                var ids = subset.Blocks.Select(b => b.BlockId).ToHashSet(StringComparer.Ordinal);
                var holders = survey.HoldersByBlock.Where(p => ids.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
                try
                {
                    var decoded = await DecodeAsync(ticket, artworkId, holders, membership, cancellation).ConfigureAwait(false);
                    fetched += decoded.BytesFetched;
                    if (decoded.Archive is null) continue;
                    foreach (var (amendment, block) in TicketSources.InconsistentAmendments(ticket, decoded.Archive.Value, new RetrievalOptions().ForgeryCheckBlocksPerAmendment))
                        log.LogWarning("heal of {Artwork}: the amendment at height {Height} by {Primary} lists block {Index}, which the artwork does not encode to; decoded {Subset}",
                            ticket.ArtworkId, amendment.AtHeight, amendment.PrimaryId, block.Index, subset.Description);
                    return decoded with { BytesFetched = fetched };
                }
                catch (InconsistentBlocksException)
                {
                }
            }
            throw new InconsistentBlocksException(first.ArtworkId, first.BlocksUsed, "no subset of the ticket's sources decoded to the artwork");
        }
    }

    private async Task<DecodeResult> DecodeAsync(ArtworkTicket ticket, Hash256 artworkId, IReadOnlyDictionary<string, IReadOnlyList<string>> holdersByBlock, Membership membership, CancellationToken cancellation)
    {
        var random = new Random(RedundancySurvey.SeedOf(ticket.ArtworkId, membership.Head.Hash));
        var pending = new Queue<(Hash256 Id, IReadOnlyList<string> Holders, int NextHolder)>(holdersByBlock
            .OrderBy(p => p.Key, StringComparer.Ordinal).OrderBy(_ => random.Next()).Select(p => (Hash256.Parse(p.Key), p.Value, 0)));
        int batchSize = settings.Parallelism;
        long fetchedBytes = 0;
        int missing = 1;
        var decoder = actors.ActorOf(CodecDecoderActor.Props(artworkId, limits));
        try
        {
            while (pending.Count > 0)
            {
                var batch = new List<(Hash256 Id, IReadOnlyList<string> Holders, int NextHolder)>();
                while (batch.Count < batchSize && pending.TryDequeue(out var item)) batch.Add(item);
                var fetched = await Task.WhenAll(batch.Select(async item =>
                {
                    // This node's own copy first; and a block this node is a placed holder of is never fetched: the other
                    // holders refuse it that (Api.HolderReadRule), and the decode needs only some of the blocks.
                    if (item.NextHolder == 0 && Challenges.VerifiedBlockCopy.ReadLocal(store, item.Id) is { } local)
                        return (item.Id, item.Holders, Holder: item.Holders.Count, Bytes: (byte[]?)local);
                    if (HolderReadRule.IsPlacedHolder(nodeId, item.Id, membership.EligibleIds, ticket.HoldersPerBlock))
                        return (item.Id, item.Holders, Holder: item.Holders.Count, Bytes: (byte[]?)null);
                    for (int h = item.NextHolder; h < item.Holders.Count; h++)
                    {
                        byte[]? bytes;
                        try { bytes = await peers.GetBlockAsync(membership.ById[item.Holders[h]], item.Id, cancellation).ConfigureAwait(false); }
                        catch (Exception) when (!cancellation.IsCancellationRequested) { continue; }
                        if (bytes is null) continue;
                        Interlocked.Add(ref fetchedBytes, bytes.Length);
                        return (item.Id, item.Holders, Holder: h, Bytes: bytes);
                    }
                    return (item.Id, item.Holders, Holder: item.Holders.Count, Bytes: (byte[]?)null);
                })).ConfigureAwait(false);
                var blocks = fetched.Where(f => f.Bytes is not null).Select(f => new FetchedBlock(f.Id, f.Bytes!)).ToList();
                if (blocks.Count == 0) continue;
                var reply = await decoder.Ask<DecodeBlocksReply>(new DecodeBlocks(blocks, cancellation), settings.CheckTimeout, cancellation).ConfigureAwait(false);
                if (reply.Error is { } error) throw error;
                if (reply.Complete) return new DecodeResult(reply.Archive, 0, fetchedBytes);
                missing = reply.MinimumMoreBlocks;
                var rejected = reply.Rejected.ToHashSet();
                foreach (var f in fetched.Where(f => f.Bytes is not null && rejected.Contains(f.Id) && f.Holder + 1 < f.Holders.Count))
                    pending.Enqueue((f.Id, f.Holders, f.Holder + 1));
            }
            return new DecodeResult(null, missing, fetchedBytes);
        }
        finally
        {
            actors.Stop(decoder);
        }
    }
}
