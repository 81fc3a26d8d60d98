using Fountain.Economics;
using Fountain.Economics.Accounts;
using Fountain.Economics.Pricing;
using Fountain.Economics.Supply;

namespace Fountain.Economics.Tests.Accounts;

public class LedgerTests
{
    private const long MB = 1_000_000;

    /// <summary>
    /// The seed's network for its worked example: shift-2018 with C = 0.3 and R = 1 token per MB, 1000 MB
    /// already claimed by someone else and 600 MB free, so that 50 tokens lock 100 MB
    /// (0.3 · 1000/600 · 100 = 50) and then, with X = 1100 MB, 55 tokens lock another 100 MB
    /// (0.3 · 1100/600 · 100 = 55), exactly the seed's "50 SHIFT … 100 MB, then another 100 MB for 55 SHIFT".
    /// </summary>
    internal static LedgerState SeedNetwork(bool keepPinCover = false)
    {
        var options = new LedgerOptions
        {
            Pricing = new ShiftPricingOptions { Model = PricingModel.Shift2018, Shift2018C = 0.3m, Replication = 3 },
            Supply = new SupplyOracleOptions { GenesisSupplyBytes = 600 * MB },
            UnlockKeepsPinCover = keepPinCover,
        };
        return LedgerState.Genesis(options, new Dictionary<string, Account>
        {
            ["alice"] = Account.WithAvailable(Tokens.FromWhole(200)),
            ["whale"] = new() { Locked = Tokens.FromWhole(500), LockedBytes = 1000 * MB },
        }).Value;
    }

    private static LedgerState Apply(LedgerState state, Transaction t)
    {
        var result = Ledger.Apply(state, t);
        Assert.True(result.IsOk, result.Rejection?.ToString());
        return result.Value;
    }

    private static Rejection Refused(LedgerState state, Transaction t)
    {
        var result = Ledger.Apply(state, t);
        Assert.False(result.IsOk, "expected a rejection");
        return result.Rejection!;
    }

    [Fact]
    public void The_seeds_lock_and_unlock_example_comes_out_exactly()
    {
        var s = SeedNetwork();
        var total = s.TotalTokens();
        s = Apply(s, new Transaction.Lock("alice", Tokens.FromWhole(50)));
        Assert.Equal(100 * MB, s.Account("alice").LockedBytes);
        Assert.Equal(1100 * MB, s.ClaimedBytes);
        s = Apply(s, new Transaction.Lock("alice", Tokens.FromWhole(55)));
        var alice = s.Account("alice");
        Assert.Equal(Tokens.FromWhole(105), alice.Locked);        // total_shift_locked
        Assert.Equal(200 * MB, alice.LockedBytes);                 // total_bytes_locked
        Assert.Equal(Tokens.FromWhole(200 - 50 - 1 - 55 - 1), alice.Available);

        s = Apply(s, new Transaction.Unlock("alice", Tokens.FromWhole(30)));
        alice = s.Account("alice");
        // (30 / 105) · 200 MB = 57.142857… MB → 57 142 857 bytes released; 75 tokens and 142 857 143 bytes stay locked.
        Assert.Equal(Tokens.FromWhole(75), alice.Locked);
        Assert.Equal(142_857_143, alice.LockedBytes);
        Assert.Equal(Tokens.FromWhole(93 + 30 - 1), alice.Available); // 30 returned minus the 1-token fee
        Assert.Equal(1000 * MB + 142_857_143, s.ClaimedBytes);
        Assert.Equal(Tokens.FromWhole(3), s.Account("reward-pool").Available);
        Assert.Equal(total, s.TotalTokens());
    }

    [Fact]
    public void The_seeds_unlock_by_bytes_comes_back_to_thirty_tokens()
    {
        // The seed's reverse direction: (57.142857 / 200) · 105 = 30 SHIFT. In whole bytes, the smallest
        // amount that returns 57 142 857 bytes is that ratio rounded up to a base unit: 29.99999993.
        var q = ProRataUnlock.ForBytes(Tokens.FromWhole(105), 200 * MB, 57_142_857, Tokens.FromWhole(1)).Value;
        Assert.Equal(new Tokens(2_999_999_993), q.Amount);
        Assert.Equal(57_142_857, q.BytesReleased);
        // And 30 tokens release 57 142 857 bytes, leaving room for at most 142 857 143 pinned bytes (the seed's 142.857143 MB).
        var thirty = ProRataUnlock.ForTokens(Tokens.FromWhole(105), 200 * MB, Tokens.FromWhole(30), Tokens.FromWhole(1)).Value;
        Assert.Equal(57_142_857, thirty.BytesReleased);
        Assert.Equal(142_857_143, thirty.MaxPinnedBytes(keepPinCover: false, replication: 3));
        Assert.Equal(Tokens.FromWhole(29), thirty.ReturnedToAvailable);
    }

    private static LedgerState AliceWith200MbAndPin(bool keepPinCover, long pinBytes)
    {
        var s = SeedNetwork(keepPinCover);
        s = Apply(s, new Transaction.Lock("alice", Tokens.FromWhole(50)));
        s = Apply(s, new Transaction.Lock("alice", Tokens.FromWhole(55)));
        return Apply(s, new Transaction.Pin("alice", "art-1", pinBytes));
    }

    [Fact]
    public void Pin_needs_its_bytes_covered_replication_times()
    {
        var s = SeedNetwork();
        s = Apply(s, new Transaction.Lock("alice", Tokens.FromWhole(50)));       // 100 MB locked
        // (0 + 33 333 334) · 3 = 100 000 002 > 100 000 000: refused; 33 333 333 · 3 fits.
        Assert.Equal("insufficient-locked-bytes", Refused(s, new Transaction.Pin("alice", "a", 33_333_334)).Code);
        s = Apply(s, new Transaction.Pin("alice", "a", 33_333_333));
        Assert.Equal(33_333_333, s.Account("alice").PinnedBytes);
        Assert.Equal(Tokens.FromDecimal(149m - 0.01m), s.Account("alice").Available);
        Assert.Equal("insufficient-locked-bytes", Refused(s, new Transaction.Pin("alice", "b", 1)).Code);
        Assert.Equal("duplicate-pin", Refused(s, new Transaction.Pin("alice", "a", 1)).Code);
    }

    [Fact]
    public void Unpin_must_match_a_pin_and_frees_its_bytes()
    {
        var s = AliceWith200MbAndPin(false, 10 * MB);
        Assert.Equal("no-such-pin", Refused(s, new Transaction.Unpin("alice", "art-2")).Code);
        Assert.Equal("no-such-pin", Refused(s, new Transaction.Unpin("whale", "art-1")).Code);
        var available = s.Account("alice").Available;
        s = Apply(s, new Transaction.Unpin("alice", "art-1"));
        Assert.Equal(0, s.Account("alice").PinnedBytes);
        Assert.Empty(s.Account("alice").Pins);
        Assert.Equal(available, s.Account("alice").Available); // UNPIN's fee is 0
    }

    [Fact]
    public void Unlock_is_refused_when_the_released_bytes_are_pinned()
    {
        var s = AliceWith200MbAndPin(false, 10 * MB);
        // 100 of 105 tokens release round(190 476 190.47…) = 190 476 190 bytes, leaving 9 523 810 < 10 MB pinned.
        var rejection = Refused(s, new Transaction.Unlock("alice", Tokens.FromWhole(100)));
        Assert.Equal("pinned", rejection.Code);
        // 90 tokens release 171 428 571 bytes, leaving 28 571 429 ≥ 10 MB: Shift's rule allows it.
        s = Apply(s, new Transaction.Unlock("alice", Tokens.FromWhole(90)));
        Assert.Equal(28_571_429, s.Account("alice").LockedBytes);
    }

    [Fact]
    public void The_stricter_unlock_rule_keeps_pins_covered_replication_times()
    {
        var s = AliceWith200MbAndPin(true, 10 * MB);
        // 90 tokens leave 28 571 429 bytes, which cover floor(28 571 429 / 3) = 9 523 809 < 10 MB pinned bytes.
        Assert.Equal("pinned", Refused(s, new Transaction.Unlock("alice", Tokens.FromWhole(90))).Code);
        // 80 tokens leave 47 619 048 bytes, covering 15 873 016 ≥ 10 MB.
        s = Apply(s, new Transaction.Unlock("alice", Tokens.FromWhole(80)));
        Assert.Equal(47_619_048, s.Account("alice").LockedBytes);
    }

    [Fact]
    public void Every_invalid_transaction_is_refused_with_a_reason()
    {
        var s = SeedNetwork();
        Assert.Equal("insufficient-funds", Refused(s, new Transaction.Lock("alice", Tokens.FromWhole(200))).Code); // 200 + 1 fee > 200
        Assert.Equal("insufficient-funds", Refused(s, new Transaction.Lock("nobody", Tokens.FromWhole(1))).Code);
        Assert.Equal("bad-tokens", Refused(s, new Transaction.Lock("alice", Tokens.Zero)).Code);
        Assert.Equal("lock-buys-nothing", Refused(s, new Transaction.Lock("alice", new Tokens(1))).Code);
        Assert.Equal("nothing-locked", Refused(s, new Transaction.Unlock("alice", Tokens.FromWhole(1))).Code);
        Assert.Equal("insufficient-locked", Refused(s, new Transaction.Unlock("whale", Tokens.FromWhole(501))).Code);
        Assert.Equal("unlock-below-fee", Refused(s, new Transaction.Unlock("whale", Tokens.FromDecimal(0.5m))).Code);
        Assert.Equal("self-transfer", Refused(s, new Transaction.Transfer("alice", "alice", Tokens.FromWhole(1))).Code);
        Assert.Equal("bad-account", Refused(s, new Transaction.Transfer("alice", "", Tokens.FromWhole(1))).Code);
        Assert.Equal("insufficient-funds", Refused(s, new Transaction.Transfer("alice", "bob", Tokens.FromWhole(200))).Code);
        Assert.Equal("bad-account", Refused(s, new Transaction.Transfer("", "bob", Tokens.FromWhole(1))).Code);
        Assert.Equal("bad-bytes", Refused(s, new Transaction.Pin("alice", "x", 0)).Code);
        Assert.Equal("bad-pin", Refused(s, new Transaction.Pin("alice", "", 1)).Code);
    }

    [Fact]
    public void A_stale_supply_statistic_refuses_locks_until_a_fresh_one_arrives()
    {
        var s = SeedNetwork();
        s = s.AtHeight(s.Options.Supply.MaxStatisticAgeHeights).Value;
        Assert.True(Ledger.Apply(s, new Transaction.Lock("alice", Tokens.FromWhole(50))).IsOk);
        s = s.AtHeight(s.Options.Supply.MaxStatisticAgeHeights + 1).Value;
        Assert.Equal("stale-supply", Refused(s, new Transaction.Lock("alice", Tokens.FromWhole(50))).Code);
        s = s.WithSupply(new SupplyStatistic(600 * MB, s.Height, Round: 2)).Value;
        Assert.True(Ledger.Apply(s, new Transaction.Lock("alice", Tokens.FromWhole(50))).IsOk);
        Assert.Equal("height-backwards", s.AtHeight(0).Rejection!.Code);
        Assert.Equal("future-supply", s.WithSupply(new SupplyStatistic(1, s.Height + 1, 3)).Rejection!.Code);
        Assert.Equal("older-supply", s.WithSupply(new SupplyStatistic(1, 0, 0)).Rejection!.Code);
    }

    [Fact]
    public void Transfer_moves_available_tokens_and_pays_its_fee_to_the_pool()
    {
        var s = SeedNetwork();
        s = Apply(s, new Transaction.Transfer("alice", "bob", Tokens.FromWhole(10)));
        Assert.Equal(Tokens.FromWhole(10), s.Account("bob").Available);
        Assert.Equal(Tokens.FromDecimal(200m - 10m - 0.01m), s.Account("alice").Available);
        Assert.Equal(Tokens.FromDecimal(0.01m), s.Account("reward-pool").Available);
        // Locked tokens cannot be transferred: the whale has none available.
        Assert.Equal("insufficient-funds", Refused(s, new Transaction.Transfer("whale", "bob", Tokens.FromWhole(1))).Code);
    }

    [Fact]
    public void Registering_an_artwork_charges_at_least_the_perpetual_fee_once()
    {
        var s = SeedNetwork();
        // 1 GB · 36 replicas (12 × 3) · 0.01 token/GB-year = 0.36 tokens a year; × 199.4995822883… years = 71.81984962…
        var fee = Economics.Perpetual.PerpetualFee.Quote(s.Options.PerpetualFee, 1_000_000_000).Value.Fee;
        Assert.Equal(Tokens.FromDecimal(71.81984963m), fee);
        Assert.Equal("fee-too-low", Refused(s, new Transaction.RegisterArtwork("alice", "art", 1_000_000_000, fee - new Tokens(1))).Code);
        s = Apply(s, new Transaction.RegisterArtwork("alice", "art", 1_000_000_000, fee));
        Assert.Equal(fee, s.Account("reward-pool").Available);
        Assert.Equal("alice", s.Artworks["art"].Owner);
        Assert.Equal("duplicate-artwork", Refused(s, new Transaction.RegisterArtwork("alice", "art", 1_000_000_000, fee)).Code);
        Assert.Equal("insufficient-funds", Refused(s, new Transaction.RegisterArtwork("alice", "big", 1_000_000_000, Tokens.FromWhole(1000))).Code);
    }

    [Fact]
    public void Genesis_refuses_inconsistent_accounts()
    {
        var options = LedgerOptions.Default;
        Assert.Equal("bad-account", LedgerState.Genesis(options, new Dictionary<string, Account>
        {
            ["a"] = new() { Available = new Tokens(-1) },
        }).Rejection!.Code);
        Assert.Equal("bad-account", LedgerState.Genesis(options, new Dictionary<string, Account>
        {
            ["a"] = new() { PinnedBytes = 5 },
        }).Rejection!.Code);
        Assert.Equal("bad-option", LedgerState.Genesis(options with { FeeSinkAccount = "" }, []).Rejection!.Code);
    }
}
