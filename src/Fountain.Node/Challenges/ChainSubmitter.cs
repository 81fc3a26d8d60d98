using Fountain.Chain.Transactions;
using Fountain.Node.Hosting;

namespace Fountain.Node.Challenges;

/// <summary>
/// Signs a payload with the node's key and submits it. Submissions through here take turns
/// (<see cref="NodeServices.ChainSubmissions"/>), so the node's own challenge reports and heal amendments never race
/// each other for a nonce; a node
/// sends other transactions too (storage reports), and when one took the nonce between the read and the submission
/// the chain answers <c>bad-nonce</c>, and the payload is signed again with the new nonce, up to <c>submit-attempts</c> times.
/// </summary>
internal static class ChainSubmitter
{
    public static async Task<TransactionResult> SubmitAsync(NodeServices node, TransactionPayload payload, int attempts, CancellationToken cancellation)
    {
        var chainId = await node.Chain.GetChainIdAsync(cancellation).ConfigureAwait(false);
        await node.ChainSubmissions.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            return await SubmitInTurnAsync(node, chainId, payload, attempts, cancellation).ConfigureAwait(false);
        }
        finally
        {
            node.ChainSubmissions.Release();
        }
    }

    private static async Task<TransactionResult> SubmitInTurnAsync(NodeServices node, string chainId, TransactionPayload payload, int attempts, CancellationToken cancellation)
    {
        var chain = node.Chain.Chain;
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
