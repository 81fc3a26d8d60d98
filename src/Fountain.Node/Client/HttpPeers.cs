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
/// A peer whose registered endpoint is not an absolute URL is unreachable: a faulted task (<see cref="NodeRequestException"/>),
/// never a throw before the task exists, which an actor piping the task to itself would not survive.
/// </summary>
internal sealed class HttpPeers(HttpClient http, NodeKey key, TimeProvider clock, NodeClientOptions options) : IPeers
{
    public async Task PutBlockAsync(Masternode holder, Hash256 blockId, ReadOnlyMemory<byte> block, CancellationToken cancellation) =>
        await To(holder).PutEncodedBlockAsync(blockId, block, cancellation).ConfigureAwait(false);

    public async Task<byte[]?> GetBlockAsync(Masternode holder, Hash256 blockId, CancellationToken cancellation) =>
        await To(holder).GetBlockAsync(blockId, cancellation).ConfigureAwait(false);

    public async Task<ArtworkBlocksResponse> ListArtworkBlocksAsync(Masternode holder, Hash256 artworkId, CancellationToken cancellation) =>
        await To(holder).ListArtworkBlocksAsync(artworkId, cancellation).ConfigureAwait(false);

    public async Task<RangeHashResponse?> HashRangeAsync(Masternode holder, Hash256 blockId, long offset, long length, CancellationToken cancellation) =>
        await To(holder).HashRangeAsync(blockId, offset, length, cancellation).ConfigureAwait(false);

    public async Task<VerifyAmendmentResponse> VerifyAmendmentAsync(Masternode verifier, VerifyAmendmentRequest request, TimeSpan timeout, CancellationToken cancellation) =>
        await HealingClient.VerifyAsync(http, EndpointOf(verifier), key, clock, timeout, request, cancellation).ConfigureAwait(false);

    public async Task<ChallengeAnswer?> AskChallengeAsync(Masternode target, StorageChallenge challenge, CancellationToken cancellation) =>
        await ChallengeAnswerClient.AskAsync(http, EndpointOf(target), key, clock, challenge, cancellation).ConfigureAwait(false);

    /// <summary>A client of the node; cheap, it holds no connection of its own.</summary>
    private NodeClient To(Masternode node) => new(http, EndpointOf(node), key, clock, options);

    private static Uri EndpointOf(Masternode node) =>
        Uri.TryCreate(node.Endpoint, UriKind.Absolute, out var endpoint) ? endpoint
            : throw new NodeRequestException(new Uri("http://invalid/"), null, $"masternode {node.Id} has no valid endpoint on the chain");
}
