using Fountain.Codec.Hashing;
using Fountain.Node.Storage;

namespace Fountain.Node.Challenges;

/// <summary>The honest answer: hash the asked range of this node's own copy of the block; nothing is fetched from anyone.</summary>
internal sealed class StoredBlockAnswerer(BlockStore store) : IChallengeAnswerer
{
    public Task<Hash256?> HashRangeAsync(ChallengeQuestion question, CancellationToken cancellation) =>
        Task.FromResult(store.HashRange(question.BlockId, question.Offset, question.Length));
}
