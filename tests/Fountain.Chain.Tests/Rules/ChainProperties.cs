using FsCheck;
using FsCheck.Fluent;
using Fountain.Chain.Identity;
using Fountain.Chain.Model;
using Fountain.Chain.Rules;
using Fountain.Chain.State;
using Fountain.Chain.Transactions;
using Fountain.Economics;
using static Fountain.Chain.Tests.Support.Fixtures;
using Lock = Fountain.Chain.Transactions.Lock;
using Fountain.Chain.Tests.Support;

namespace Fountain.Chain.Tests.Rules;

/// <summary>
/// Random sequences of transactions — valid, invalid, forged, replayed, for another chain — and sealed heights,
/// from a few identities. FsCheck prints the seed of any failing run.
/// </summary>
public sealed class ChainProperties
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(120);

    // Keys are slow to make; a few serve every run. Three masternodes and three owners.
    private static readonly NodeKey[] Keys = Enumerable.Range(0, 6).Select(_ => NodeKey.Create()).ToArray();

    /// <summary>One step: a transaction (who, what, and how it is tampered with) or a sealed height.</summary>
    private sealed record Step(int Who, int Kind, long Amount, int Pick, int Tamper);

    private static readonly Gen<Step> Steps =
        from who in Gen.Choose(0, Keys.Length - 1)
        from kind in Gen.Frequency((4, Gen.Constant(0)), (10, Gen.Choose(1, 10)), (2, Gen.Constant(11)))
        from amount in Gen.Frequency(
            (6, Gen.Choose(1, 200).Select(t => t * 100_000_000L)),
            (2, Gen.Choose(0, 3_000).Select(t => t * 100_000_000L)),
            (1, Gen.Elements(-1L, 0L, 1L, long.MaxValue)))
        from pick in Gen.Choose(0, 5)
        from tamper in Gen.Frequency((8, Gen.Constant(0)), (1, Gen.Choose(1, 4)))
        select new Step(who, kind, amount, pick, tamper);

    private static readonly Gen<Step[]> Scenarios = Gen.ArrayOf(Steps);

    private static TransactionPayload? Payload(ChainState state, Step s)
    {
        var artwork = Artwork($"art-{s.Pick % 3}", blocks: 1 + s.Pick, archiveLength: 1 + s.Amount % 50_000_000);
        return s.Kind switch
        {
            0 => new Faucet(s.Amount),
            1 => new RegisterMasternode($"http://127.0.0.1:{5000 + s.Who + s.Pick % 2}", s.Pick == 0 ? s.Amount : Tokens(1_000)),
            2 => new ReportStorage(s.Amount, s.Amount / 3, s.Amount / 2 + s.Pick),
            3 => artwork with { MaxFeeBaseUnits = s.Pick == 0 ? 0 : long.MaxValue },
            4 => new Lock(s.Amount),
            5 => new Unlock(s.Amount),
            6 => new Pin($"pin-{s.Pick % 2}", s.Amount / 100_000),
            7 => new Unpin($"pin-{s.Pick % 2}"),
            8 => new Transfer(Keys[s.Pick % Keys.Length].Id, s.Amount),
            9 => new AmendArtwork(artwork.ArtworkId, state.Head.Height, s.Pick % 2, [new TicketBlock(20, Id($"x{s.Pick}"))], "heal", Keys[s.Pick].PublicKeyBase64, "AAAA"),
            10 => new ReportChallenge(Keys[s.Pick].Id, artwork.ArtworkId, artwork.Blocks[0].BlockId, 0, 10, state.Head.Height, false, null, null),
            _ => null, // seal a height
        };
    }

    /// <summary>Signs the step's payload, then breaks it as the step says: a replayed nonce, another chain, a forged body, a foreign key.</summary>
    private static SignedTransaction Signed(ChainState state, Step s, TransactionPayload payload)
    {
        var key = Keys[s.Who];
        var nonce = state.NextNonceOf(key.Id) - (s.Tamper == 1 ? 1 : 0);
        var signed = Sign(state, key, payload, nonce, chainId: s.Tamper == 2 ? "fountain-dev-elsewhere" : null);
        return s.Tamper switch
        {
            3 => signed with { Body = signed.Body.Replace("\"nonce\":", "\"nonce\": ") },
            4 => signed with { SignerPublicKey = Keys[(s.Who + 1) % Keys.Length].PublicKeyBase64 },
            _ => signed,
        };
    }

    /// <summary>Runs the scenario and checks <paramref name="invariant"/> after every step; counts accepted transactions.</summary>
    private static bool Run(Step[] steps, Func<ChainState, ChainState, Rejection?, bool> invariant, ref int accepted)
    {
        var state = Genesis();
        foreach (var step in steps)
        {
            var payload = Payload(state, step);
            if (payload is null)
            {
                var sealedState = HeightSealing.Seal(state, state.Head.Time + state.Options.HeightInterval);
                if (!invariant(state, sealedState, null)) return false;
                state = sealedState;
                continue;
            }
            var result = ChainRules.Apply(state, Signed(state, step, payload));
            if (result.IsOk) accepted++;
            if (!invariant(state, result.IsOk ? result.Value : state, result.Rejection)) return false;
            if (result.IsOk) state = result.Value;
        }
        return true;
    }

    [Fact]
    public void Every_rejection_changes_nothing_and_says_why()
    {
        int accepted = 0, rejected = 0;
        Check.One(Runs, Prop.ForAll(Scenarios.ToArbitrary(), steps =>
        {
            var state = Genesis();
            foreach (var step in steps)
            {
                if (Payload(state, step) is not { } payload) { state = HeightSealing.Seal(state, state.Head.Time + state.Options.HeightInterval); continue; }
                var before = Fingerprint.Of(state);
                var result = ChainRules.Apply(state, Signed(state, step, payload));
                if (result.IsOk) { accepted++; state = result.Value; continue; }
                rejected++;
                if (Fingerprint.Of(state) != before) return false;
                if (string.IsNullOrEmpty(result.Rejection!.Code) || string.IsNullOrEmpty(result.Rejection.Message)) return false;
            }
            return true;
        }));
        Assert.True(accepted > 200 && rejected > 200, $"{accepted} accepted, {rejected} rejected: the property would be vacuous");
    }

    [Fact]
    public void Tokens_are_conserved_across_all_accounts_and_the_pool_and_nothing_goes_negative()
    {
        int accepted = 0;
        Check.One(Runs, Prop.ForAll(Scenarios.ToArbitrary(), steps => Run(steps, (before, after, _) =>
            TotalUnits(after) == TotalUnits(before)
            && after.Ledger.Accounts.Values.All(a => !a.Available.IsNegative && !a.Locked.IsNegative && a.PinnedBytes <= a.LockedBytes)
            && after.Ledger.ClaimedBytes == after.Ledger.Accounts.Values.Sum(a => a.LockedBytes), ref accepted)));
        Assert.True(accepted > 200, $"only {accepted} transactions were accepted");
    }

    [Fact]
    public void Tampered_transactions_are_always_refused_and_nonces_only_move_on_acceptance()
    {
        int accepted = 0;
        Check.One(Runs, Prop.ForAll(Scenarios.ToArbitrary(), steps =>
        {
            var state = Genesis();
            foreach (var step in steps)
            {
                if (Payload(state, step) is not { } payload) { state = HeightSealing.Seal(state, state.Head.Time + state.Options.HeightInterval); continue; }
                var signer = Keys[step.Who].Id;
                var nonce = state.NextNonceOf(signer);
                var result = ChainRules.Apply(state, Signed(state, step, payload));
                if (step.Tamper != 0 && result.IsOk) return false;
                if (result.IsOk)
                {
                    accepted++;
                    if (result.Value.NextNonceOf(signer) != nonce + 1) return false;
                    state = result.Value;
                }
            }
            return true;
        }));
        Assert.True(accepted > 200);
    }

    [Fact]
    public void Replaying_the_same_signed_transactions_gives_the_same_state_and_head_hash()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(40), Prop.ForAll(Scenarios.ToArbitrary(), steps =>
        {
            // First run: record what was submitted (null: a seal), exactly as signed.
            var log = new List<SignedTransaction?>();
            var state = Genesis();
            foreach (var step in steps)
            {
                if (Payload(state, step) is not { } payload) { log.Add(null); state = HeightSealing.Seal(state, state.Head.Time + state.Options.HeightInterval); continue; }
                var signed = Signed(state, step, payload);
                log.Add(signed);
                var result = ChainRules.Apply(state, signed);
                if (result.IsOk) state = result.Value;
            }
            // Second run: the same log from genesis.
            var replayed = Genesis();
            foreach (var entry in log)
            {
                if (entry is null) { replayed = HeightSealing.Seal(replayed, replayed.Head.Time + replayed.Options.HeightInterval); continue; }
                var result = ChainRules.Apply(replayed, entry);
                if (result.IsOk) replayed = result.Value;
            }
            return Fingerprint.Of(state) == Fingerprint.Of(replayed) && state.Head.Hash == replayed.Head.Hash;
        }));
    }
}
