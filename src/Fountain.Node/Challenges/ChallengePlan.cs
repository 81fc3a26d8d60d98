using Fountain.Chain.Model;
using Fountain.Chain.Rules;
using Fountain.Chain.Selection;
using Fountain.Codec.Hashing;
using Fountain.Node.Network;

namespace Fountain.Node.Challenges;

/// <summary>
/// The challenges of one epoch, computed by every node alike from the epoch (its height and hash: the seed,
/// unknown before it), the masternode list and the tickets (fountain-blocks.txt: "random inspections from
/// randomly selected peers"; "a random segment of bytes"). Each eligible node that must hold at least one block
/// by placement (<see cref="Placement"/>) is the target of up to <c>challengersPerTarget</c> challenges: the blocks are
/// the distinct ones with the lowest SHA3(seed ‖ target ‖ block) among those it must hold, the i-th lowest going to the
/// i-th challenger of the chain's own choice (<see cref="Custody.Challengers"/>, so the chain accepts the report), and
/// each byte range is drawn from its block's hash. Nothing here can be known before the epoch's hash exists.
/// <para>
/// A node is audited only on blocks it was given: placement moves when nodes join or are penalised, and a node the
/// current placement names as a holder may never have received a block (copying it there is the custodian's holder
/// maintenance). So the block must be one the target must hold by today's placement and was given by the placement at
/// the height the block was placed (<see cref="PlacementCandidates"/>); a node that joined later is not audited on
/// older blocks, and an honest node is not penalised for a gap it did not cause. The chain keeps no penalty history,
/// so the placement then counts today's penalised nodes as candidates: a node that was itself under penalty when a
/// block was placed (so was not given it) can still be audited on it once its penalty ends.
/// </para>
/// </summary>
public static class ChallengePlan
{
    /// <summary>Three epochs of the default ten heights.</summary>
    public const long DefaultRejoinGraceHeights = 30;

    /// <param name="challengersPerTarget">
    /// Challenges per target and epoch, each from a different challenger on a different block; at most the chain's
    /// <c>challengers-per-target</c>, since the chain accepts reports only from that many challengers per target (the
    /// first ones of the same rendezvous order, so any smaller count is a prefix of the chain's list).
    /// </param>
    /// <param name="rejoinGraceHeights">
    /// How long a node back from offline is spared audits on blocks placed before its return (see
    /// <see cref="PlacementCandidates"/>): the time holder maintenance has to copy it what it missed.
    /// </param>
    public static IReadOnlyList<StorageChallenge> For(ChainHead epoch, IReadOnlyList<Masternode> masternodes, IEnumerable<ArtworkTicket> tickets, long maxRangeBytes = 1 << 20,
        int challengersPerTarget = 1, long rejoinGraceHeights = DefaultRejoinGraceHeights)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(challengersPerTarget, 1);
        var eligible = Placement.EligibleIds(masternodes, epoch.Height);
        var mustHold = eligible.ToDictionary(id => id, _ => new List<(ArtworkTicket Ticket, TicketBlock Block)>(), StringComparer.Ordinal);
        var candidatesAt = new Dictionary<long, IReadOnlyList<string>>();
        foreach (var ticket in tickets)
            // Only blocks placed by the epoch: the chain checks a report against placement then (ChallengeRules), and a block
            // placed after the epoch's hash existed is audited from the next epoch on.
            foreach (var (block, placedAt) in PlacedBlocks(ticket).Where(p => p.PlacedAt <= epoch.Height))
            {
                var id = Hash256.Parse(block.BlockId);
                if (!candidatesAt.TryGetValue(placedAt, out var then)) candidatesAt[placedAt] = then = PlacementCandidates(masternodes, placedAt, epoch.Height, rejoinGraceHeights);
                var holdersThen = Placement.HoldersOf(id, then, ticket.HoldersPerBlock);
                foreach (var holder in Placement.HoldersOf(id, eligible, ticket.HoldersPerBlock))
                    if (holdersThen.Contains(holder)) mustHold[holder].Add((ticket, block));
            }

        var challenges = new List<StorageChallenge>();
        foreach (var target in eligible)
        {
            var held = mustHold[target];
            if (held.Count == 0) continue;
            // The blocks with the lowest draws, one per challenger: distinct blocks, so that a node keeping a fraction f of
            // its blocks passes an epoch with probability about f^k instead of f.
            var drawn = held
                .DistinctBy(h => h.Block.BlockId, StringComparer.Ordinal)
                .Select(h => (h.Ticket, h.Block, Draw: ChallengeDraw.Of(epoch.Hash, target, h.Block.BlockId)))
                .OrderBy(h => Convert.ToHexString(h.Draw), StringComparer.Ordinal)
                .Take(challengersPerTarget)
                .ToList();
            var challengers = Custody.Challengers(target, epoch, masternodes, drawn.Count);
            for (int i = 0; i < challengers.Count; i++)
            {
                var (ticket, block, draw) = drawn[i];
                var (offset, length) = ChallengeDraw.Range(draw, ChallengeDraw.BlockBytes(ticket.Codec), maxRangeBytes);
                challenges.Add(new StorageChallenge(epoch.Height, challengers[i], target, ticket.ArtworkId, block.BlockId, offset, length));
            }
        }
        return challenges;
    }

    /// <summary>
    /// The byte range a challenge of <paramref name="targetId"/> on <paramref name="blockId"/> asks at <paramref name="epoch"/>,
    /// whichever challenger asks: a target checks it before it answers (Challenges.ChallengeAnswerEndpoint), so an answer
    /// cannot be had for any other range, such as the one another holder of the block is challenged on.
    /// </summary>
    public static (long Offset, long Length) RangeFor(ChainHead epoch, string targetId, CodecParameters codec, string blockId, long maxRangeBytes) =>
        ChallengeDraw.Range(ChallengeDraw.Of(epoch.Hash, targetId, blockId), ChallengeDraw.BlockBytes(codec), maxRangeBytes);

    /// <summary>Each block with the height it was placed at: the ticket's registration for its own blocks, the amendment's for added ones.</summary>
    private static IEnumerable<(TicketBlock Block, long PlacedAt)> PlacedBlocks(ArtworkTicket ticket) =>
        ticket.Blocks.Select(b => (b, ticket.RegisteredAtHeight))
            .Concat(ticket.Amendments.SelectMany(a => a.AddedBlocks.Select(b => (b, a.AtHeight))));

    /// <summary>
    /// The nodes placement chose from when a block was placed, as far as the chain still tells: registered by then and
    /// not disqualified. Penalties then are not known (the chain keeps only the current one), so nodes penalised now are
    /// counted as candidates then: a node promoted into a block's holders by another's penalty is thus not audited on it.
    /// Offline spells are not known either, only when a node last came back (<see cref="Masternode.OnlineSinceHeight"/>):
    /// a block placed before that may have been placed while it was away, so for <paramref name="graceHeights"/> after
    /// its return it is not counted for such blocks. After the grace it is again, for all its blocks: holder maintenance
    /// has had several epochs to copy it what it missed, and a node must not escape audits for good by going offline once.
    /// </summary>
    private static IReadOnlyList<string> PlacementCandidates(IReadOnlyList<Masternode> masternodes, long placedAt, long epochHeight, long graceHeights) =>
        masternodes.Where(m => m.RegisteredAtHeight <= placedAt && !m.Disqualified && (m.OnlineSinceHeight <= placedAt || epochHeight - m.OnlineSinceHeight >= graceHeights))
            .Select(m => m.Id).Order(StringComparer.Ordinal).ToList();
}
