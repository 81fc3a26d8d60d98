using Fountain.Chain.State;
using Fountain.Economics.Accounts;

namespace Fountain.Chain.Tests.Support;

/// <summary>
/// A state written out as text, value by value: two states with the same fingerprint hold the same things (records
/// holding immutable collections compare those by reference, so record equality cannot say so).
/// </summary>
internal static class Fingerprint
{
    public static string Accounts(LedgerState ledger) => string.Join('\n', ledger.Accounts.Select(a =>
        $"{a.Key}: {a.Value.Available.Units} {a.Value.Locked.Units} {a.Value.LockedBytes} {a.Value.PinnedBytes} [{string.Join(',', a.Value.Pins.Select(p => $"{p.Key}={p.Value}"))}]"))
        + $"\nclaimed {ledger.ClaimedBytes} supply {ledger.Supply} height {ledger.Height}";

    public static string Of(ChainState s) => string.Join('\n',
        $"chain {s.ChainId} head {s.Head} pending [{string.Join(',', s.PendingTransactionIds)}]",
        Accounts(s.Ledger),
        string.Join('\n', s.NextNonces.Select(n => $"nonce {n.Key}={n.Value}")),
        string.Join('\n', s.Masternodes.Values.Select(m => $"node {m} rep {m.ReputationScore} dq {m.Disqualified}")),
        string.Join('\n', s.Reputations.Select(r => $"reputation {r.Key}={r.Value}")),
        string.Join('\n', s.Tickets.Values.Select(t => $"ticket {t.ArtworkId} {t.OwnerPublicKey} {t.Codec} {string.Join(',', t.AllBlocks)} {t.HoldersPerBlock} {t.FeePaidBaseUnits} {t.RegisteredAtHeight} {t.Amendments.Count}")),
        string.Join('\n', s.Rewards.Penalties.Penalties.Select(p => $"penalty {p.Key}={p.Value}")),
        $"rewards closed {s.Rewards.LastClosedHeight} records {s.RewardRecords.Count} samples [{string.Join(',', s.RoundSamples)}]",
        string.Join('\n', s.ChallengeReports.Select(r => $"report {r.Key}={r.Value}")));
}
