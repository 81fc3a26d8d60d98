using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Fountain.Economics;
using Fountain.Economics.Accounts;
using Fountain.Economics.Perpetual;
using Fountain.Economics.Pricing;
using Fountain.Economics.Supply;

namespace Fountain.Benchmarks;

/// <summary>
/// The economics' hot paths: a chain applies every transaction once per node, and the oracle runs once
/// per round. The baseline is one update of an immutable sorted map of 1000 accounts — the floor under
/// any immutable ledger update — so the ratio column says how much the rules cost on top of it.
/// </summary>
[MemoryDiagnoser]
public class EconomicsBenchmarks
{
    private LedgerState _state = null!;
    private ImmutableSortedDictionary<string, Account> _accounts = null!;
    private long[] _samples = null!;
    private long?[] _slots = null!;
    private readonly Transaction _lock = new Transaction.Lock("acct-500", Tokens.FromWhole(10));
    private readonly Transaction _transfer = new Transaction.Transfer("acct-500", "acct-501", Tokens.FromWhole(1));

    [GlobalSetup]
    public void Setup()
    {
        var accounts = Enumerable.Range(0, 1000).Select(i =>
            KeyValuePair.Create($"acct-{i}", new Account { Available = Tokens.FromWhole(1000), Locked = Tokens.FromWhole(10), LockedBytes = 10_000_000 }));
        _state = LedgerState.Genesis(LedgerOptions.Default, accounts).Value;
        _accounts = _state.Accounts;
        var random = new Random(42);
        _samples = Enumerable.Range(0, 101).Select(_ => 1_000_000_000_000L + random.Next(-1_000_000, 1_000_000)).ToArray();
        _slots = _samples.Select(s => (long?)s).ToArray();
    }

    [Benchmark(Baseline = true)]
    public ImmutableSortedDictionary<string, Account> ImmutableMapUpdate() =>
        _accounts.SetItem("acct-500", _accounts["acct-500"] with { Available = Tokens.FromWhole(999) });

    [Benchmark]
    public Result<LedgerState> ApplyLock() => Ledger.Apply(_state, _lock);

    [Benchmark]
    public Result<LedgerState> ApplyTransfer() => Ledger.Apply(_state, _transfer);

    [Benchmark]
    public Result<PriceQuote> QuoteShipped() =>
        ShiftPricing.QuoteTokensForBytes(ShiftPricingOptions.Default, 2_000_000_000, 10_000_000_000, 700_000_000);

    [Benchmark]
    public Result<long> TrimmedMeanOf101() => TrimmedMeanOracle.Estimate(_samples, OutlierRule.Tukey);

    [Benchmark]
    public Result<long> WindowedMedianOf101() => WindowedMedianOracle.Estimate(_slots);

    [Benchmark]
    public Result<PerpetualFeeQuote> PerpetualFeeQuote() => PerpetualFee.Quote(PerpetualFeeOptions.Default, 1_000_000_000);
}
