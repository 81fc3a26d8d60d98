using Fountain.Chain.Identity;
using Fountain.Chain.Transactions;
using Fountain.Codec.Hashing;
using Fountain.Node.Network;

namespace Fountain.Node.Challenges;

/// <summary>
/// The target's side of a challenge: find the hash of the asked range (<see cref="IChallengeAnswerer"/>: an honest node
/// hashes its own copy) and sign the answer for the challenger (<c>ReportChallenge.ResponseContent</c>).
/// </summary>
internal sealed class ChallengeResponder(ChainView chain, NodeKey key, IChallengeAnswerer answerer)
{
    /// <summary>The signed answer, or null when this node does not hold the block. Throws <see cref="ArgumentOutOfRangeException"/> for a range outside it.</summary>
    public async Task<ChallengeAnswer?> AnswerAsync(string challengerId, long epochHeight, string artworkId, Hash256 blockId, long offset, long length, CancellationToken cancellation)
    {
        var question = new ChallengeQuestion(challengerId, epochHeight, artworkId, blockId, offset, length);
        if (await answerer.HashRangeAsync(question, cancellation).ConfigureAwait(false) is not { } hash) return null;
        // The cached id: a chain round trip here would race the challenger's deadline.
        var chainId = await chain.GetChainIdAsync(cancellation).ConfigureAwait(false);
        var text = hash.ToString();
        var signature = key.Sign(ReportChallenge.ResponseContent(chainId, challengerId, key.Id, artworkId, blockId.ToString(), offset, length, epochHeight, text));
        return new ChallengeAnswer(text, Convert.ToBase64String(signature));
    }
}
