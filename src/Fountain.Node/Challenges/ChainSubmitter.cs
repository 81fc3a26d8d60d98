using Fountain.Chain.Transactions;
using Fountain.Node.Hosting;

namespace Fountain.Node.Challenges;

/// <summary>
/// Signs a payload with the node's key and submits it. A node sends other transactions too (storage reports), each
/// taking the next nonce; when another took the nonce between the read and the submission the chain answers
/// <c>bad-nonce</c>, and the payload is signed again with the new nonce, up to <c>submit-attempts</c> times.
/// </summary>
internal static class ChainSubmitter
{
    public static async Task<TransactionResult> SubmitAsync(NodeServices node, TransactionPayload payload, int attempts, CancellationToken cancellation)
    {
        var chain = node.Chain.Chain;
        var chainId = await chain.GetChainIdAsync(cancellation).ConfigureAwait(false);
        TransactionResult result;
        int attempt = 0;
        do
        {
            var nonce = await chain.GetNextNonceAsync(node.NodeId, cancellation).ConfigureAwait(false);
            result = await chain.SubmitAsync(SignedTransaction.Create(new Transaction(chainId, nonce, payload), node.Key), cancellation).ConfigureAwait(false);
        }
        while (!result.Accepted && result.Rejection?.StartsWith("bad-nonce", StringComparison.Ordinal) == true && ++attempt < attempts);
        return result;
    }
}
