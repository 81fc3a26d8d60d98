using Fountain.Chain.Transactions;
using Fountain.Node.Network;
using Fountain.Node.Concurrency;
using Fountain.Node.Storage;
using Microsoft.Extensions.Logging;

namespace Fountain.Node.Hosting;

/// <summary>
/// What a node does each height: report its Total / Used / Free bytes to the chain (<c>ReportStorage</c>, once per
/// new height it sees), and settle its pending blocks: a block its artwork's ticket now lists is confirmed; one
/// whose grace ran out unlisted is deleted. It polls the head every <c>report-interval</c> on the injected clock;
/// a tick that finds the previous one still running is skipped, so ticks never pile up.
/// </summary>
internal sealed class StorageReporter : IAsyncDisposable
{
    private const int PendingBatchRows = 1000;

    private readonly TimeProvider _clock;
    private readonly string _nodeId;
    private readonly ChainView _chain;
    private readonly BlockStore _store;
    private readonly BlockHolderGate _holder;
    private readonly ChainSender _sender;
    private readonly ILogger _log;
    private readonly NonOverlappingTimer _timer;

    /// <param name="holder">Confirms and deletes pending blocks: the block holder is the store's one writer.</param>
    public StorageReporter(TimeProvider clock, TimeSpan reportInterval, string nodeId, ChainView chain, BlockStore store, BlockHolderGate holder,
        ChainSender sender, ILogger log)
    {
        _clock = clock;
        _nodeId = nodeId;
        _chain = chain;
        _store = store;
        _holder = holder;
        _sender = sender;
        _log = log;
        _timer = new NonOverlappingTimer(clock, reportInterval, RunOnceAsync);
    }

    /// <summary>The last height reported to the chain; -1 before the first report.</summary>
    public long LastReportedHeight { get; private set; } = -1;

    /// <summary>One round: report if the head moved, then settle pending blocks. Failures are logged; the next tick tries again.</summary>
    public async Task RunOnceAsync(CancellationToken cancellation)
    {
        try
        {
            await ReportAsync(cancellation).ConfigureAwait(false);
            await SettlePendingAsync(cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _log.LogWarning(e, "storage report or pending sweep failed; will retry next tick");
        }
    }

    private async Task ReportAsync(CancellationToken cancellation)
    {
        var membership = await _chain.GetMembershipAsync(cancellation).ConfigureAwait(false);
        var height = membership.Head.Height;
        if (height <= LastReportedHeight || !membership.IsRegistered(_nodeId)) return;
        var figures = _store.Figures;
        var result = await _sender.SendAsync(new ReportStorage(figures.TotalBytes, figures.UsedBytes, figures.FreeBytes), cancellation).ConfigureAwait(false);
        if (!result.Accepted) _log.LogWarning("the chain refused this node's storage report at height {Height}: {Reason}", height, result.Rejection);
        LastReportedHeight = height;
    }

    private async Task SettlePendingAsync(CancellationToken cancellation)
    {
        var now = _clock.GetUtcNow();
        foreach (var row in _store.Pending(PendingBatchRows))
        {
            var ticket = await _chain.GetTicketAsync(row.ArtworkId.ToString(), cancellation).ConfigureAwait(false);
            var id = row.BlockId.ToString();
            if (ticket is not null && ticket.AllBlocks.Any(b => b.BlockId == id))
            {
                await _holder.ChangeAsync(new ConfirmBlock(row.BlockId), cancellation).ConfigureAwait(false);
            }
            else if (row.PendingUntil <= now)
            {
                if (await _holder.ChangeAsync(new DeleteExpiredBlock(row.BlockId, now), cancellation).ConfigureAwait(false))
                    _log.LogInformation("deleted block {Block}: artwork {Artwork} was not registered within the grace period", row.BlockId, row.ArtworkId);
            }
        }
    }

    public ValueTask DisposeAsync() => _timer.DisposeAsync();
}
