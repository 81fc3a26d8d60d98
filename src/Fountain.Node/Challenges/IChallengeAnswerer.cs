using Fountain.Codec.Hashing;

namespace Fountain.Node.Challenges;

/// <summary>What a challenger asked this node: the SHA3-256 of bytes [<see cref="Offset"/>, + <see cref="Length"/>) of a block, for an epoch.</summary>
internal sealed record ChallengeQuestion(string ChallengerId, long EpochHeight, string ArtworkId, Hash256 BlockId, long Offset, long Length);

/// <summary>
/// How this node finds the hash a storage challenge asks for; <see cref="ChallengeResponder"/> signs what it returns.
/// A masternode answers from its own store (<see cref="StoredBlockAnswerer"/>). It is a port so that tests can start
/// nodes that cheat (answer garbage, late, or from another holder's copy) through the node's start options (<c>Hosting.NodeStartOptions</c>):
/// no setting makes a node cheat.
/// </summary>
internal interface IChallengeAnswerer
{
    /// <summary>The hash, or null when this node does not hold the block. Throws <see cref="ArgumentOutOfRangeException"/> for a range outside it.</summary>
    Task<Hash256?> HashRangeAsync(ChallengeQuestion question, CancellationToken cancellation);
}
