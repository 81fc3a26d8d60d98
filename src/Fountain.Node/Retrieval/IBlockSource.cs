using Fountain.Chain.Model;
using Fountain.Codec.Hashing;

namespace Fountain.Node.Retrieval;

/// <summary>Where retrieval gets a block from a holder: the network in production, anything in tests and the lab.</summary>
public interface IBlockSource
{
    /// <summary>The block's bytes, or null if the holder says it does not have it. Failures throw; the retriever moves on.</summary>
    Task<byte[]?> FetchAsync(Masternode holder, Hash256 blockId, CancellationToken cancellation);
}
