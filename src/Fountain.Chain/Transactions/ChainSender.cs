using Fountain.Chain.Identity;

namespace Fountain.Chain.Transactions;

/// <summary>
/// The one way Fountain sends a transaction: read the signer's next nonce, sign the payload with it, submit it.
/// <para>
/// The chain accepts a signer's transactions only in nonce order, so two sends that read the same nonce cannot both
/// land. A sender therefore lets one submission of its signer run at a time: create one per signer and share it
/// (a node makes one for its key, and its storage reports, challenge reports, heal amendments and registration all go
/// through it). Another process signing with the same key can still take the nonce between the read and the
/// submission; the chain then answers <c>bad-nonce</c>, and the payload is signed again with the fresh nonce, up to
/// <see cref="Attempts"/> submissions in all.
/// </para>
/// <para>
/// A rejection is the chain's answer, not a failure: it is returned in the <see cref="TransactionResult"/> (after the
/// last attempt, for <c>bad-nonce</c>). Only failing to reach the chain throws, and cancellation, honoured while
/// waiting for the turn and during every chain call.
/// </para>
/// </summary>
public sealed class ChainSender
{
    /// <summary>Submissions of one payload when the chain keeps answering <c>bad-nonce</c>.</summary>
    public const int DefaultAttempts = 4;

    private const string BadNonce = "bad-nonce";

    private readonly IChain _chain;
    private readonly NodeKey _signer;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private string? _chainId;

    /// <param name="chain">Where the transactions go.</param>
    /// <param name="signer">Signs every transaction; the caller keeps it alive as long as the sender is used.</param>
    /// <param name="attempts">Submissions of one payload at most, the first included; at least 1.</param>
    public ChainSender(IChain chain, NodeKey signer, int attempts = DefaultAttempts)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        _chain = chain;
        _signer = signer;
        Attempts = attempts;
    }

    /// <summary>The id of the identity that signs: SHA3-256 of its public key, hex.</summary>
    public string SignerId => _signer.Id;

    /// <summary>Submissions of one payload at most when the chain answers <c>bad-nonce</c>.</summary>
    public int Attempts { get; }

    /// <summary>Signs <paramref name="payload"/> with the signer's next nonce and submits it, in its turn; see the class remarks.</summary>
    public async Task<TransactionResult> SendAsync(TransactionPayload payload, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        await _turn.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            // The chain id is derived from the chain's genesis and never changes: read by the first send (in its turn,
            // so concurrent first sends do not all ask), then reused.
            _chainId ??= await _chain.GetChainIdAsync(cancellation).ConfigureAwait(false);
            TransactionResult result;
            int attempt = 0;
            do
            {
                cancellation.ThrowIfCancellationRequested();
                var nonce = await _chain.GetNextNonceAsync(_signer.Id, cancellation).ConfigureAwait(false);
                var signed = SignedTransaction.Create(new Transaction(_chainId, nonce, payload), _signer);
                result = await _chain.SubmitAsync(signed, cancellation).ConfigureAwait(false);
            }
            while (IsBadNonce(result) && ++attempt < Attempts);
            return result;
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Whether the chain refused a transaction because its nonce was not the signer's next one.</summary>
    public static bool IsBadNonce(TransactionResult result) =>
        !result.Accepted && result.Rejection?.StartsWith(BadNonce, StringComparison.Ordinal) == true;
}
