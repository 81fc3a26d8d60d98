using Fountain.Chain.Identity;
using Fountain.Chain.Model;
using Fountain.Codec.Hashing;
using Fountain.Node.Peers;
using Fountain.Node.Protocol;

namespace Fountain.Node.Client;

/// <summary>
/// <see cref="IPeers"/> over the network: every request signed with this node's key, on its one HTTP/2
/// <see cref="HttpClient"/> (connections pooled across store sessions, checks and challenges), each bounded by
/// <c>request-timeout</c> and every block read by <c>max-block-bytes</c>. The composition root makes one per node.
/// A peer whose registered endpoint is not an absolute URL is unreachable (<see cref="NodeRequestException"/>).
/// </summary>
internal sealed class HttpPeers(HttpClient http, NodeKey key, TimeProvider clock, NodeClientOptions options) : IPeers
{
    public Task PutBlockAsync(Masternode holder, Hash256 blockId, ReadOnlyMemory<byte> block, CancellationToken cancellation) =>
        To(holder).PutEncodedBlockAsync(blockId, block, cancellation);

    public Task<byte[]?> GetBlockAsync(Masternode holder, Hash256 blockId, CancellationToken cancellation) =>
        To(holder).GetBlockAsync(blockId, cancellation);

    public Task<ArtworkBlocksResponse> ListArtworkBlocksAsync(Masternode holder, Hash256 artworkId, CancellationToken cancellation) =>
        To(holder).ListArtworkBlocksAsync(artworkId, cancellation);

    public Task<RangeHashResponse?> HashRangeAsync(Masternode holder, Hash256 blockId, long offset, long length, CancellationToken cancellation) =>
        To(holder).HashRangeAsync(blockId, offset, length, cancellation);

    public Task<VerifyAmendmentResponse> VerifyAmendmentAsync(Masternode verifier, VerifyAmendmentRequest request, CancellationToken cancellation) =>
        HealingClient.VerifyAsync(http, EndpointOf(verifier), key, clock, options.RequestTimeout, request, cancellation);

    public Task<ChallengeAnswer?> AskChallengeAsync(Masternode target, StorageChallenge challenge, CancellationToken cancellation) =>
        ChallengeAnswerClient.AskAsync(http, EndpointOf(target), key, clock, challenge, cancellation);

    /// <summary>A client of the node; cheap, it holds no connection of its own.</summary>
    private NodeClient To(Masternode node) => new(http, EndpointOf(node), key, clock, options);

    private static Uri EndpointOf(Masternode node) =>
        Uri.TryCreate(node.Endpoint, UriKind.Absolute, out var endpoint) ? endpoint
            : throw new NodeRequestException(new Uri("http://invalid/"), null, $"masternode {node.Id} has no valid endpoint on the chain");
}
