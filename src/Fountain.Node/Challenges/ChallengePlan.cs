using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Fountain.Chain.Model;
using Fountain.Chain.Selection;
using Fountain.Codec.Hashing;
using Fountain.Node.Network;

namespace Fountain.Node.Challenges;

/// <summary>One storage challenge: the challenger asks the target for SHA3-256 of bytes [Offset, Offset + Length) of a block it must hold.</summary>
public sealed record StorageChallenge(long EpochHeight, string ChallengerId, string TargetId, string ArtworkId, string BlockId, long Offset, long Length)
{
    /// <summary>Names the challenge; the chain accepts one report per id, so a result cannot be replayed.</summary>
    public string Id => Convert.ToHexStringLower(SHA3_256.HashData(Encoding.UTF8.GetBytes($"{EpochHeight}|{ChallengerId}|{TargetId}|{BlockId}|{Offset}|{Length}")));
}

/// <summary>
/// The challenges of one epoch, computed by every node alike from the epoch (its height and hash: the seed,
/// unknown before it), the masternode list and the tickets (fountain-blocks.txt: "random inspections from
/// randomly selected peers"; "a random segment of bytes"). Each eligible node that must hold at least one block
/// by placement (<see cref="Placement"/>) is the target of one challenge: the block is the one with the lowest
/// SHA3(seed ‖ target ‖ block) among those it must hold, the challenger is the chain's own choice
/// (<see cref="Custody.Challengers"/>, so the chain accepts the report), and the byte range is drawn from the same
/// hash. Nothing here can be known before the epoch's hash exists.
/// </summary>
public static class ChallengePlan
{
    public static IReadOnlyList<StorageChallenge> For(ChainHead epoch, IReadOnlyList<Masternode> masternodes, IEnumerable<ArtworkTicket> tickets, long maxRangeBytes = 1 << 20)
    {
        var seed = Convert.FromHexString(epoch.Hash);
        var eligible = Placement.EligibleIds(masternodes, epoch.Height);
        var mustHold = eligible.ToDictionary(id => id, _ => new List<(ArtworkTicket Ticket, TicketBlock Block)>(), StringComparer.Ordinal);
        foreach (var ticket in tickets)
            foreach (var block in ticket.AllBlocks)
                foreach (var holder in Placement.HoldersOf(Hash256.Parse(block.BlockId), eligible, ticket.HoldersPerBlock))
                    mustHold[holder].Add((ticket, block));

        var challenges = new List<StorageChallenge>();
        foreach (var target in eligible)
        {
            var held = mustHold[target];
            if (held.Count == 0) continue;
            var (ticket, block, draw) = held
                .Select(h => (h.Ticket, h.Block, Draw: Draw(seed, target, h.Block.BlockId)))
                .MinBy(h => Convert.ToHexString(h.Draw))!;
            var challenger = Custody.Challengers(target, epoch, masternodes, 1);
            if (challenger.Count == 0) continue;
            long blockBytes = 96 + (long)ticket.Codec.SymbolsPerBlock * ticket.Codec.SymbolBytes;
            ulong a = BinaryPrimitives.ReadUInt64BigEndian(draw), b = BinaryPrimitives.ReadUInt64BigEndian(draw.AsSpan(8));
            long offset = (long)(a % (ulong)blockBytes);
            long length = 1 + (long)(b % (ulong)Math.Min(maxRangeBytes, blockBytes - offset));
            challenges.Add(new StorageChallenge(epoch.Height, challenger[0], target, ticket.ArtworkId, block.BlockId, offset, length));
        }
        return challenges;
    }

    private static byte[] Draw(byte[] seed, string target, string blockId) =>
        SHA3_256.HashData([.. "challenge-block"u8, .. seed, .. Convert.FromHexString(target), .. Convert.FromHexString(blockId)]);
}
