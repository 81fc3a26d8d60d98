using Fountain.Chain.Identity;

namespace Fountain.Chain.Transactions;

/// <summary>Signing and submitting in one step, for nodes and tools.</summary>
public static class ChainSending
{
    /// <summary>
    /// Reads the chain id and the signer's next nonce, signs <paramref name="payload"/> with <paramref name="signer"/> and
    /// submits it. One signer's transactions must be sent one at a time: two concurrent sends read the same nonce and
    /// the second is rejected ("bad-nonce").
    /// </summary>
    public static async Task<TransactionResult> SendAsync(this IChain chain, NodeKey signer, TransactionPayload payload, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(payload);
        var chainId = await chain.GetChainIdAsync(cancellation).ConfigureAwait(false);
        var nonce = await chain.GetNextNonceAsync(signer.Id, cancellation).ConfigureAwait(false);
        return await chain.SubmitAsync(SignedTransaction.Create(new Transaction(chainId, nonce, payload), signer), cancellation).ConfigureAwait(false);
    }
}
