using Fountain.Chain.Identity;
using Fountain.Chain.Rules;
using Fountain.Chain.Transactions;
using Fountain.Economics;
using Fountain.Economics.Accounts;
using static Fountain.Chain.Tests.Support.Fixtures;
using EconomicsTransaction = Fountain.Economics.Accounts.Transaction;
using Lock = Fountain.Chain.Transactions.Lock;
using Fountain.Chain.Tests.Support;

namespace Fountain.Chain.Tests.Rules;

/// <summary>LOCK, UNLOCK, PIN, UNPIN, transfers and the faucet: the chain applies Economics' rules, to the unit.</summary>
public sealed class AccountRuleTests
{
    [Fact]
    public void Account_transactions_do_exactly_what_the_economics_ledger_does()
    {
        using var alice = NodeKey.Create();
        using var bob = NodeKey.Create();
        var state = Genesis(Options with { GenesisAllocations = Options.GenesisAllocations.Add(alice.Id, Tokens(1_000)) });
        var ledger = state.Ledger;
        (Fountain.Chain.Transactions.TransactionPayload Chain, EconomicsTransaction Economics)[] steps =
        [
            (new Lock(Tokens(100)), new EconomicsTransaction.Lock(alice.Id, new Tokens(Tokens(100)))),
            (new Pin("photo", 1_000_000), new EconomicsTransaction.Pin(alice.Id, "photo", 1_000_000)),
            (new Transfer(bob.Id, Tokens(10)), new EconomicsTransaction.Transfer(alice.Id, bob.Id, new Tokens(Tokens(10)))),
            (new Unpin("photo"), new EconomicsTransaction.Unpin(alice.Id, "photo")),
            (new Unlock(Tokens(50)), new EconomicsTransaction.Unlock(alice.Id, new Tokens(Tokens(50)))),
        ];
        foreach (var (chain, economics) in steps)
        {
            state = Accept(state, alice, chain);
            ledger = Ledger.Apply(ledger, economics).Value;
            Assert.Equal(Fingerprint.Accounts(ledger), Fingerprint.Accounts(state.Ledger));
            Assert.Equal(ledger.ClaimedBytes, state.Ledger.ClaimedBytes);
        }
        Assert.Equal(Tokens(10), state.Ledger.Account(bob.Id).Available.Units);
        Assert.True(state.Ledger.Account(alice.Id).LockedBytes > 0);
    }

    [Fact]
    public void Economics_refusals_come_through_with_their_codes()
    {
        using var alice = NodeKey.Create();
        var state = Genesis();
        Reject(state, alice, new Lock(Tokens(1)), "insufficient-funds");
        Reject(state, alice, new Lock(0), "bad-tokens");
        Reject(state, alice, new Unlock(Tokens(1)), "nothing-locked");
        Reject(state, alice, new Pin("p", 10), "insufficient-funds");
        Reject(state, alice, new Unpin("p"), "no-such-pin");
        Reject(state, alice, new Transfer(Id("bob"), Tokens(1)), "insufficient-funds");
        state = Accept(state, alice, new Faucet(Tokens(10)));
        Reject(state, alice, new Pin("p", 10), "insufficient-locked-bytes");
        Reject(state, alice, new Transfer(alice.Id, Tokens(1)), "self-transfer");
        Reject(state, alice, new Transfer(Id("bob"), -5), "bad-tokens");
    }

    [Fact]
    public void Recipients_are_identities_and_artwork_pins_are_reserved()
    {
        using var alice = NodeKey.Create();
        var state = Accept(Genesis(), alice, new Faucet(Tokens(10)));
        Reject(state, alice, new Transfer("reward-pool", Tokens(1)), "bad-recipient");
        Reject(state, alice, new Transfer(Id("bob").ToUpperInvariant(), Tokens(1)), "bad-recipient");
        Reject(state, alice, new Transfer(null!, Tokens(1)), "bad-recipient");
        Reject(state, alice, new Pin("artwork:" + Id("a"), 1), "reserved-pin");
        Reject(state, alice, new Unpin("artwork:" + Id("a")), "reserved-pin");
        Reject(state, alice, new Pin("", 1), "bad-pin");
        Reject(state, alice, new Pin(new string('p', 129), 1), "bad-pin");
    }

    [Fact]
    public void The_faucet_pays_from_its_own_account_within_its_limit_and_only_when_enabled()
    {
        using var alice = NodeKey.Create();
        var state = Genesis();
        var total = TotalUnits(state);
        var faucet = state.Ledger.Account(ChainOptions.FaucetAccount).Available.Units;
        state = Accept(state, alice, new Faucet(Tokens(10)));
        Assert.Equal(Tokens(10), state.Ledger.Account(alice.Id).Available.Units);
        Assert.True(state.Ledger.Account(ChainOptions.FaucetAccount).Available.Units < faucet - Tokens(10) + 1);
        Assert.Equal(total, TotalUnits(state));
        Reject(state, alice, new Faucet(Options.FaucetMaxBaseUnitsPerRequest + 1), "bad-tokens");
        Reject(state, alice, new Faucet(0), "bad-tokens");
        Reject(Genesis(Options with { FaucetEnabled = false }), alice, new Faucet(1), "faucet-disabled");
        Reject(Genesis(Options with { FaucetGenesisBaseUnits = Tokens(1) }), alice, new Faucet(Tokens(5)), "faucet-empty");
    }
}
