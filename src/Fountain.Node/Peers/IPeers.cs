using Fountain.Chain.Model;
using Fountain.Codec.Hashing;
using Fountain.Node.Protocol;

namespace Fountain.Node.Peers;

/// <summary>
/// The other masternodes, as this node's duties reach them: store and heal place blocks, heal and challenges read them,
/// a custodian asks a verifier to sign and a challenger asks a target to answer. A port (DESIGN.md, "network and disk
/// are ports"): the node talks HTTP/2 through <c>Client.HttpPeers</c>, tests and the lab run the same code on peers in
/// memory. Every answer comes from a participant that may be hostile: callers verify what they read.
/// <para>
/// A peer that refuses, fails or cannot be reached throws (over HTTP a <c>NodeRequestException</c>); callers treat any
/// exception other than their own cancellation as "that peer did not", never as the end of their work.
/// </para>
/// </summary>
internal interface IPeers
{
    /// <summary>Places a block on a holder. Its id must be the SHA3-256 of its bytes: a block this node encoded or verified.</summary>
    Task PutBlockAsync(Masternode holder, Hash256 blockId, ReadOnlyMemory<byte> block, CancellationToken cancellation);

    /// <summary>The block's bytes as the holder sends them (unverified: check them against the id), or null when it says it does not hold it.</summary>
    Task<byte[]?> GetBlockAsync(Masternode holder, Hash256 blockId, CancellationToken cancellation);

    /// <summary>The blocks of an artwork a node says it holds.</summary>
    Task<ArtworkBlocksResponse> ListArtworkBlocksAsync(Masternode holder, Hash256 artworkId, CancellationToken cancellation);

    /// <summary>SHA3-256 of bytes [offset, offset + length) of a block as the holder computes it, or null when it says it does not hold it.</summary>
    Task<RangeHashResponse?> HashRangeAsync(Masternode holder, Hash256 blockId, long offset, long length, CancellationToken cancellation);

    /// <summary>
    /// Asks a custody verifier to sign a heal's amendment, waiting at most <paramref name="timeout"/> (the verifier decodes
    /// the archive before it signs); throws when it refuses.
    /// </summary>
    Task<VerifyAmendmentResponse> VerifyAmendmentAsync(Masternode verifier, VerifyAmendmentRequest request, TimeSpan timeout, CancellationToken cancellation);

    /// <summary>Asks a challenge's target for its signed answer, or null when it says it does not hold the block.</summary>
    Task<ChallengeAnswer?> AskChallengeAsync(Masternode target, StorageChallenge challenge, CancellationToken cancellation);
}
