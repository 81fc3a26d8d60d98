using System.Security.Cryptography;
using System.Text;
using Fountain.Chain;
using Fountain.Chain.Model;
using Fountain.Chain.Transactions;

namespace Fountain.Node.Tests.Support;

/// <summary>
/// An in-memory <see cref="IChain"/> for tests: transactions are checked (signature, chain id, nonce) and applied
/// at once; heights move only when a test calls <see cref="Advance"/>. Thread-safe.
/// </summary>
internal sealed class FakeChain : IChain
{
    public const string Id = "test-chain";

    private readonly object _gate = new();
    private readonly Dictionary<string, Masternode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ArtworkTicket> _tickets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _nonces = new(StringComparer.Ordinal);
    private readonly List<(string SignerId, ReportStorage Report, long Height)> _reports = [];
    private long _height = 1;

    public long Height { get { lock (_gate) return _height; } }

    /// <summary>While set, every call fails as a chain that cannot be reached would.</summary>
    public bool Unreachable { get; set; }

    private void ThrowIfUnreachable()
    {
        if (Unreachable) throw new HttpRequestException("fake chain: connection refused");
    }

    public IReadOnlyList<(string SignerId, ReportStorage Report, long Height)> Reports { get { lock (_gate) return _reports.ToList(); } }

    public void Advance(int heights = 1) { lock (_gate) _height += heights; }

    public void Penalise(string nodeId, long untilHeight)
    {
        lock (_gate) _nodes[nodeId] = _nodes[nodeId] with { PenaltyUntilHeight = untilHeight };
    }

    /// <summary>Makes a node registered but not yet proven by a storage report (Masternode.AwaitingFirstReport): listed, no member.</summary>
    public void MarkUnproven(string nodeId)
    {
        lock (_gate) _nodes[nodeId] = _nodes[nodeId] with { AwaitingFirstReport = true };
    }

    public void Remove(string nodeId) { lock (_gate) _nodes.Remove(nodeId); }

    public Task<string> GetChainIdAsync(CancellationToken cancellation = default) => Task.FromResult(Id);

    public Task<ChainHead> GetHeadAsync(CancellationToken cancellation = default)
    {
        ThrowIfUnreachable();
        lock (_gate) return Task.FromResult(HeadAt(_height));
    }

    public Task<ChainHead?> GetHeightAsync(long height, CancellationToken cancellation = default)
    {
        lock (_gate) return Task.FromResult(height <= _height ? HeadAt(height) : null);
    }

    public Task<IReadOnlyList<Masternode>> GetMasternodesAsync(CancellationToken cancellation = default)
    {
        ThrowIfUnreachable();
        lock (_gate) return Task.FromResult<IReadOnlyList<Masternode>>(_nodes.Values.ToList());
    }

    public Task<ArtworkTicket?> GetTicketAsync(string artworkId, CancellationToken cancellation = default)
    {
        ThrowIfUnreachable();
        lock (_gate) return Task.FromResult(_tickets.GetValueOrDefault(artworkId));
    }

    public Task<TicketPage> ListTicketsAsync(string? afterArtworkId, int maxTickets, CancellationToken cancellation = default)
    {
        ThrowIfUnreachable();
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTickets, 1);
        lock (_gate)
        {
            var after = _tickets.Keys.Where(id => string.CompareOrdinal(id, afterArtworkId ?? "") > 0).Order(StringComparer.Ordinal).ToList();
            var page = after.Take(maxTickets).Select(id => _tickets[id]).ToList();
            return Task.FromResult(new TicketPage(page, after.Count > page.Count ? page[^1].ArtworkId : null));
        }
    }

    public Task<long> GetNextNonceAsync(string signerId, CancellationToken cancellation = default)
    {
        lock (_gate) return Task.FromResult(_nonces.GetValueOrDefault(signerId));
    }

    public Task<TransactionResult> SubmitAsync(SignedTransaction transaction, CancellationToken cancellation = default)
    {
        lock (_gate) return Task.FromResult(Apply(transaction));
    }

    private TransactionResult Apply(SignedTransaction signed)
    {
        TransactionResult Reject(string why) => new(signed.Id, false, why, null);
        if (!signed.TryOpen(out var transaction, out var rejection)) return Reject(rejection!);
        var signer = signed.SignerId!;
        if (transaction!.ChainId != Id) return Reject("wrong chain");
        if (transaction.Nonce != _nonces.GetValueOrDefault(signer)) return Reject("wrong nonce");
        switch (transaction.Payload)
        {
            case RegisterMasternode r:
                if (_nodes.ContainsKey(signer)) return Reject("already registered");
                _nodes[signer] = new Masternode(signer, signed.SignerPublicKey, r.Endpoint, r.CollateralBaseUnits, _height, null, 0);
                break;
            case ReportStorage s:
                if (!_nodes.TryGetValue(signer, out var node)) return Reject("not a masternode");
                _nodes[signer] = node with { Storage = new StorageReport(s.TotalBytes, s.UsedBytes, s.FreeBytes, _height) };
                _reports.Add((signer, s, _height));
                break;
            case RegisterArtwork a:
                if (_tickets.ContainsKey(a.ArtworkId)) return Reject("already registered");
                _tickets[a.ArtworkId] = new ArtworkTicket(a.ArtworkId, signed.SignerPublicKey, a.Codec, a.Blocks, a.HoldersPerBlock, 0, _height, []);
                break;
            default:
                return Reject("unsupported");
        }
        _nonces[signer] = transaction.Nonce + 1;
        return new TransactionResult(signed.Id, true, null, _height);
    }

    private static ChainHead HeadAt(long height) =>
        new(height, Convert.ToHexStringLower(SHA3_256.HashData(Encoding.UTF8.GetBytes($"height-{height}"))), DateTimeOffset.UnixEpoch.AddSeconds(height));
}
