using Fountain.Economics.Accounts;
using Fountain.Economics.Pricing;
using Fountain.Economics.Supply;
using FsCheck;
using FsCheck.Fluent;

namespace Fountain.Economics.Tests.Accounts;

/// <summary>Properties of the account state machine over random transaction sequences (FsCheck prints a replay seed on failure).</summary>
public class LedgerProperties
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(300);
    private static readonly string[] Ids = ["a", "b", "c", "reward-pool"];

    /// <summary>One step: a transaction, or (when Tx is null) a new height and supply statistic.</summary>
    public sealed record Step(Transaction? Tx, int HeightStep, long SupplyBytes);

    public sealed record Scenario(PricingModel Model, bool KeepPinCover, long[] BalancesUnits, Step[] Steps)
    {
        public override string ToString() => $"{Model} strict={KeepPinCover} balances=[{string.Join(",", BalancesUnits)}] steps=[{string.Join("; ", Steps.Select(s => s.Tx?.ToString() ?? $"height+{s.HeightStep} supply={s.SupplyBytes}"))}]";
    }

    // Amounts from 0 to ~120 tokens in steps of 0.01, plus a few exact edge cases.
    private static readonly Gen<long> Units = Gen.OneOf(
        from whole in Gen.Choose(0, 120) from cents in Gen.Choose(0, 99) select whole * Tokens.UnitsPerToken + cents * 1_000_000L,
        Gen.Elements(0L, 1L, Tokens.UnitsPerToken, Tokens.UnitsPerToken + 1));

    private static readonly Gen<string> Who = Gen.Elements(Ids);
    private static readonly Gen<string> PinIds = Gen.Elements("p1", "p2", "p3");

    private static readonly Gen<Transaction> Transactions = Gen.OneOf(
        from s in Who from u in Units select (Transaction)new Transaction.Lock(s, new Tokens(u)),
        from s in Who from u in Units select (Transaction)new Transaction.Unlock(s, new Tokens(u)),
        from s in Who from p in PinIds from b in Gen.Choose(0, 300_000_000) select (Transaction)new Transaction.Pin(s, p, b),
        from s in Who from p in PinIds select (Transaction)new Transaction.Unpin(s, p),
        from s in Who from r in Who from u in Units select (Transaction)new Transaction.Transfer(s, r, new Tokens(u)),
        from s in Who from id in Gen.Elements("art1", "art2") from size in Gen.Choose(0, int.MaxValue) from u in Units
        select (Transaction)new Transaction.RegisterArtwork(s, id, size, new Tokens(u)));

    private static readonly Gen<Step> Steps = Gen.Frequency(
        (9, Transactions.Select(t => new Step(t, 0, 0))),
        (1, from h in Gen.Choose(0, 150) from y in Gen.Choose(0, 2000) select new Step(null, h, y * 100_000_000L)));

    private static readonly Gen<Scenario> Scenarios =
        from model in Gen.Elements(PricingModel.Shift2018, PricingModel.ShiftShipped)
        from strict in Gen.Elements(false, true)
        from balances in Gen.ArrayOf(Units, 3)
        from steps in Gen.ArrayOf(Steps)
        select new Scenario(model, strict, balances, steps);

    private static LedgerState Genesis(Scenario s)
    {
        var options = new LedgerOptions
        {
            Pricing = new ShiftPricingOptions { Model = s.Model },
            Supply = new SupplyOracleOptions { GenesisSupplyBytes = 100_000_000_000 },
            UnlockKeepsPinCover = s.KeepPinCover,
        };
        var accounts = new Dictionary<string, Account>
        {
            ["a"] = Account.WithAvailable(new Tokens(s.BalancesUnits[0])),
            ["b"] = Account.WithAvailable(new Tokens(s.BalancesUnits[1])),
            ["c"] = Account.WithAvailable(new Tokens(s.BalancesUnits[2])),
            // Someone already claims 1 GB, so X > 0 and shift-2018 has a price.
            ["whale"] = new() { Locked = Tokens.FromWhole(100), LockedBytes = 1_000_000_000 },
        };
        return LedgerState.Genesis(options, accounts).Value;
    }

    private static IEnumerable<LedgerState> Run(Scenario s, Action<Result<LedgerState>>? onResult = null)
    {
        var state = Genesis(s);
        yield return state;
        foreach (var step in s.Steps)
        {
            if (step.Tx is null)
            {
                state = state.AtHeight(state.Height + step.HeightStep).Value;
                state = state.WithSupply(new SupplyStatistic(step.SupplyBytes, state.Height, state.Height)).Value;
            }
            else
            {
                var result = Ledger.Apply(state, step.Tx);
                onResult?.Invoke(result);
                if (result.IsOk) state = result.Value;
            }
            yield return state;
        }
    }

    [Fact]
    public void Tokens_are_conserved_by_every_transaction()
    {
        var accepted = 0;
        Check.One(Runs, Prop.ForAll(Scenarios.ToArbitrary(), s =>
        {
            var states = Run(s, r => { if (r.IsOk) accepted++; }).ToList();
            var total = states[0].TotalTokens();
            return states.All(st => st.TotalTokens() == total);
        }));
        Assert.True(accepted > 300, $"only {accepted} transactions were accepted: the property would be vacuous");
    }

    [Fact]
    public void No_balance_or_byte_count_goes_negative_and_the_books_add_up()
    {
        Check.One(Runs, Prop.ForAll(Scenarios.ToArbitrary(), s => Run(s).All(state =>
            state.ClaimedBytes == state.Accounts.Values.Sum(a => a.LockedBytes)
            && state.Accounts.Values.All(a =>
                !a.Available.IsNegative && !a.Locked.IsNegative && a.LockedBytes >= 0 && a.PinnedBytes >= 0
                && a.PinnedBytes == a.Pins.Values.Sum()
                && a.PinnedBytes <= a.LockedBytes
                && (!s.KeepPinCover || a.PinnedBytes * state.Options.Pricing.Replication <= a.LockedBytes)))));
    }

    [Fact]
    public void Every_rejection_says_why()
    {
        var rejected = 0;
        Check.One(Runs, Prop.ForAll(Scenarios.ToArbitrary(), s =>
        {
            var ok = true;
            foreach (var _ in Run(s, r =>
            {
                if (r.IsOk) return;
                rejected++;
                ok &= !string.IsNullOrEmpty(r.Rejection!.Code) && !string.IsNullOrEmpty(r.Rejection.Message);
            })) { }
            return ok;
        }));
        Assert.True(rejected > 0);
    }

    [Fact]
    public void Unlocking_everything_after_a_lock_returns_the_balance_minus_both_fees()
    {
        var gen =
            from model in Gen.Elements(PricingModel.Shift2018, PricingModel.ShiftShipped)
            from wholeBalance in Gen.Choose(3, 250) // 250 tokens claim under the 89 GB on offer
            from fraction in Gen.Choose(0, 1000)
            select (model, balance: Tokens.FromWhole(wholeBalance), fraction);
        Check.One(Runs, Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var fee = FeeSchedule.Default;
            // Lock between the unlock fee (an unlock below it is refused) and all that the lock fee leaves.
            var most = c.balance - fee.Lock;
            var amount = fee.Unlock + new Tokens((most - fee.Unlock).Units / 1000 * c.fraction);
            var state = Genesis(new Scenario(c.model, false, [c.balance.Units, 0, 0], []));
            var locked = Ledger.Apply(state, new Transaction.Lock("a", amount));
            if (!locked.IsOk) return false;
            var unlocked = Ledger.Apply(locked.Value, new Transaction.Unlock("a", amount));
            if (!unlocked.IsOk) return false;
            var a = unlocked.Value.Account("a");
            return a.Available == c.balance - fee.Lock - fee.Unlock && a.Locked == Tokens.Zero && a.LockedBytes == 0
                   && unlocked.Value.ClaimedBytes == state.ClaimedBytes;
        }));
    }
}
