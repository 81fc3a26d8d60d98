using System.Collections.Concurrent;
using Fountain.Chain.Model;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;
using Fountain.Node.Network;
using Fountain.Node.Peers;
using Fountain.Node.Protocol;
using Fountain.Node.Retrieval;

namespace Fountain.Node.Tests.Support;

/// <summary>
/// Masternodes in memory behind the <see cref="IPeers"/> port (and retrieval's <see cref="IBlockSource"/>): each holds its
/// blocks in a dictionary and answers from them as an honest node would, so the node's real placement, survey and
/// retrieval code runs without HTTP. A node taken offline fails every request, as an unreachable one does. Signing an
/// amendment and answering a challenge need a node's key and the chain, which these nodes do not have: they refuse
/// both, as a node that will not cooperate does.
/// </summary>
internal sealed class InMemoryPeers : IPeers, IBlockSource
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Hash256, byte[]>> _blocks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _offline = new(StringComparer.Ordinal);
    private int _puts;

    public InMemoryPeers(int nodes)
    {
        Nodes = Enumerable.Range(0, nodes)
            .Select(i => new Masternode(Sha3.Hash(BitConverter.GetBytes(i)).ToString(), "", $"memory://node-{i}", 1, 0, null, 0))
            .ToList();
        foreach (var node in Nodes) _blocks[node.Id] = new ConcurrentDictionary<Hash256, byte[]>();
    }

    public IReadOnlyList<Masternode> Nodes { get; }

    /// <summary>Awaited before each put is stored: a test holds puts here to model slow holders.</summary>
    public Func<CancellationToken, Task>? BeforePut { get; set; }

    /// <summary>Puts that reached a node that was up.</summary>
    public int Puts => Volatile.Read(ref _puts);

    /// <summary>The masternode list at a height of 10, every node eligible.</summary>
    public Membership Membership() => new(new ChainHead(10, new string('a', 64), DateTimeOffset.UnixEpoch), Nodes, DateTimeOffset.UnixEpoch);

    public void TakeOffline(string nodeId) => _offline[nodeId] = true;

    public IReadOnlyDictionary<Hash256, byte[]> BlocksOf(string nodeId) => _blocks[nodeId];

    public async Task PutBlockAsync(Masternode holder, Hash256 blockId, ReadOnlyMemory<byte> block, CancellationToken cancellation)
    {
        var blocks = Reach(holder);
        Interlocked.Increment(ref _puts);
        if (Sha3.Hash(block.Span) != blockId) throw new InvalidDataException($"the block's bytes do not hash to {blockId}");
        if (BeforePut is { } gate) await gate(cancellation).ConfigureAwait(false);
        blocks[blockId] = block.ToArray();
    }

    public Task<byte[]?> GetBlockAsync(Masternode holder, Hash256 blockId, CancellationToken cancellation) =>
        Task.FromResult(Reach(holder).TryGetValue(blockId, out var bytes) ? bytes.ToArray() : null);

    public Task<byte[]?> FetchAsync(Masternode holder, Hash256 blockId, CancellationToken cancellation) => GetBlockAsync(holder, blockId, cancellation);

    public Task<ArtworkBlocksResponse> ListArtworkBlocksAsync(Masternode holder, Hash256 artworkId, CancellationToken cancellation)
    {
        var held = new List<HeldBlock>();
        foreach (var (id, bytes) in Reach(holder))
        {
            if (BlockHeader.TryParse(bytes, new BlockLimits(), out var header, out _) && header!.ArtworkId == artworkId)
                held.Add(new HeldBlock(id.ToString(), header.BlockIndex, bytes.Length, Pending: false));
        }
        return Task.FromResult(new ArtworkBlocksResponse(artworkId.ToString(), held.OrderBy(b => b.Index).ToList(), Truncated: false));
    }

    public Task<RangeHashResponse?> HashRangeAsync(Masternode holder, Hash256 blockId, long offset, long length, CancellationToken cancellation)
    {
        if (!Reach(holder).TryGetValue(blockId, out var bytes)) return Task.FromResult<RangeHashResponse?>(null);
        if (offset < 0 || length < 0 || offset > bytes.Length || length > bytes.Length - offset) throw new ArgumentOutOfRangeException(nameof(offset));
        var hash = Sha3.Hash(bytes.AsSpan((int)offset, (int)length)).ToString();
        return Task.FromResult<RangeHashResponse?>(new RangeHashResponse(blockId.ToString(), offset, length, hash));
    }

    public Task<VerifyAmendmentResponse> VerifyAmendmentAsync(Masternode verifier, VerifyAmendmentRequest request, TimeSpan timeout, CancellationToken cancellation) =>
        throw new InvalidOperationException($"{verifier.Id}: a node in memory has no key to sign an amendment with");

    public Task<ChallengeAnswer?> AskChallengeAsync(Masternode target, StorageChallenge challenge, CancellationToken cancellation) =>
        throw new InvalidOperationException($"{target.Id}: a node in memory has no key to sign a challenge answer with");

    private ConcurrentDictionary<Hash256, byte[]> Reach(Masternode node) =>
        _offline.ContainsKey(node.Id) ? throw new HttpRequestException($"{node.Endpoint} is unreachable") : _blocks[node.Id];
}
