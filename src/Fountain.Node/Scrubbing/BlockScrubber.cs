using Fountain.Codec.Hashing;
using Fountain.Node.Concurrency;
using Fountain.Node.Storage;
using Microsoft.Extensions.Logging;

namespace Fountain.Node.Scrubbing;

/// <summary>
/// Re-hashes this node's blocks, a few at a time, to find silent corruption (issue 7, item 2): every
/// <c>interval</c> it hashes blocks in block id order from where it stopped, up to <c>bytes-per-second</c> × interval
/// bytes (at least one block, so a block larger than the budget is still checked), and starts over after the last.
/// A block whose SHA3-256 is not its id is quarantined: taken out of the index and moved to <c>quarantine/</c> in the
/// data folder, logged, and counted in /status. The custodian then finds it missing on its next measurement and heals.
/// </summary>
internal sealed class BlockScrubber : IAsyncDisposable
{
    private const int PageRows = 64;

    private readonly ScrubbingSettings _settings;
    private readonly BlockStore _store;
    private readonly BlockHolderGate _holder;
    private readonly string _quarantine;
    private readonly ILogger _log;
    private readonly NonOverlappingTimer? _timer;
    private readonly SemaphoreSlim _scrubbing = new(1, 1);
    private string _after = "";

    /// <param name="quarantineFolder">Where corrupt blocks are moved (quarantine/ in the data folder).</param>
    /// <param name="counters">What was checked and quarantined; /status shows them.</param>
    public BlockScrubber(ScrubbingSettings settings, TimeProvider clock, BlockStore store, BlockHolderGate holder, string quarantineFolder,
        ScrubCounters counters, ILogger log)
    {
        _settings = settings;
        _store = store;
        _holder = holder;
        _quarantine = quarantineFolder;
        _log = log;
        Counters = counters;
        if (settings.Enabled)
            _timer = new NonOverlappingTimer(clock, settings.Interval, _ => ScrubInBackground());
    }

    public ScrubCounters Counters { get; }

    /// <summary>
    /// One wake-up's hashing, off the timer's thread (a manual test clock fires timers on the caller's thread). The
    /// timer skips a wake-up while the previous one still runs, so the pace is at most the budget per interval and never
    /// more than one core, however fast the clock runs.
    /// </summary>
    private Task ScrubInBackground()
    {
        var s = _settings;
        long budget = (long)Math.Min(long.MaxValue, s.BytesPerSecond * s.Interval.TotalSeconds);
        return Task.Run(async () =>
        {
            try
            {
                await ScrubOnceAsync(budget).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _log.LogWarning(e, "scrubbing failed; it resumes at the next interval");
            }
        });
    }

    /// <summary>Hashes blocks from the cursor until <paramref name="budgetBytes"/> is spent (at least one block); returns the blocks quarantined.</summary>
    public async Task<int> ScrubOnceAsync(long budgetBytes, CancellationToken cancellation = default)
    {
        await _scrubbing.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            return await ScrubInTurnAsync(budgetBytes, cancellation).ConfigureAwait(false);
        }
        finally
        {
            _scrubbing.Release();
        }
    }

    private async Task<int> ScrubInTurnAsync(long budgetBytes, CancellationToken cancellation)
    {
        int quarantined = 0;
        long spent = 0;
        bool first = true;
        while (first || spent < budgetBytes)
        {
            var page = _store.Page(_after, PageRows);
            if (page.Count == 0)
            {
                if (_after.Length == 0) break; // nothing held at all
                _after = "";
                Counters.PassCompleted();
                if (!first) break; // a full pass in this wake-up: wait for the next
                continue;
            }
            foreach (var row in page)
            {
                if (!first && spent >= budgetBytes) break;
                first = false;
                _after = row.BlockId.ToString();
                Hash256 hash;
                using (var file = _store.OpenRead(row.BlockId))
                {
                    if (file is null) continue; // deleted meanwhile
                    hash = Sha3.Hash(file);
                    spent += file.Length;
                    Counters.Checked(file.Length);
                }
                if (hash == row.BlockId) continue;
                // The block holder is the store's one writer: the scrubber asks it, like every other change to the store.
                if (await _holder.ChangeAsync(new QuarantineBlock(row.BlockId, _quarantine), cancellation).ConfigureAwait(false))
                {
                    quarantined++;
                    Counters.QuarantinedOne();
                    _log.LogWarning("scrubbing: block {Block} of artwork {Artwork} hashes to {Hash}; quarantined", row.BlockId, row.ArtworkId, hash);
                }
            }
        }
        return quarantined;
    }

    public ValueTask DisposeAsync() => _timer?.DisposeAsync() ?? ValueTask.CompletedTask;
}
