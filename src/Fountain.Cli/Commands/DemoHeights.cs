using Fountain.Chain.Dev;

namespace Fountain.Cli.Commands;

/// <summary>
/// Seals the demo chain's heights at its height-interval from the demo rather than from the chain's own timer, so that a
/// heal round can hold the head still while it runs. Custody's epoch is the head: with one-second heights the custodian
/// changes under a check that takes seconds, and in the cluster the shard coordinator then moves the artwork's actor
/// (and stops its check) to each new epoch's custodian (CLUSTER.md, "Known limit"). Holding the head gives the round
/// one epoch from its start to its end, in both modes, so that their figures compare. A round's amendment is sealed
/// when the round ends.
/// </summary>
internal sealed class DemoHeights : IAsyncDisposable
{
    /// <summary>The chain's own timer, made idle: the demo seals.</summary>
    public static readonly TimeSpan IdleTimer = TimeSpan.FromDays(1);

    private readonly DevChain _chain;
    private readonly SemaphoreSlim _held = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public DemoHeights(DevChain chain, TimeSpan interval)
    {
        _chain = chain;
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    await _held.WaitAsync(_stop.Token);
                    try { await _chain.SealNowAsync(_stop.Token); }
                    finally { _held.Release(); }
                }
            }
            catch (OperationCanceledException) { }
        });
    }

    /// <summary>Runs <paramref name="work"/> with no height sealed meanwhile except by <paramref name="work"/> itself; seals once after it.</summary>
    public async Task<T> HoldAsync<T>(Func<Task<T>> work)
    {
        await _held.WaitAsync();
        try
        {
            var result = await work();
            await _chain.SealNowAsync();
            return result;
        }
        finally
        {
            _held.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _held.Dispose();
    }
}
