using Fountain.Chain.Model;
using Fountain.Chain.State;
using Fountain.Chain.Transactions;
using Fountain.Economics;
using Fountain.Economics.Reputation;
using EconomicsTransaction = Fountain.Economics.Accounts.Transaction;

namespace Fountain.Chain.Rules;

/// <summary>
/// Masternode registration and storage reports (DESIGN.md, "The chain port"). A node registers itself (the signer is
/// the node), once, with a reachable-looking endpoint no other node uses (stored in its canonical form,
/// <see cref="MasternodeEndpoints"/>, so that another spelling of an occupied place is refused), and moves its
/// collateral from its own account to the collateral account. It becomes a member with its first storage report from a
/// later height (<see cref="Masternode.AwaitingFirstReport"/>). Its storage reports feed the supply oracle
/// (<see cref="HeightSealing"/>).
/// </summary>
internal static class MasternodeRules
{
    public static Result<ChainState> Register(ChainState state, ChainRules.Signer signer, RegisterMasternode p)
    {
        var o = state.Options;
        if (state.Masternodes.ContainsKey(signer.Id)) return ChainRules.Reject("already-registered", $"masternode {signer.Id} is already registered");
        if (!MasternodeEndpoints.TryCanonicalize(p.Endpoint, o.MaxEndpointChars, out var endpoint, out var problem)) return ChainRules.Reject("bad-endpoint", problem);
        // Registered endpoints are canonical, so one place is one string; compared by host and port, not by scheme.
        var place = MasternodeEndpoints.PlaceOf(endpoint);
        if (state.Masternodes.Values.FirstOrDefault(m => MasternodeEndpoints.PlaceOf(m.Endpoint) == place) is { } holder)
            return ChainRules.Reject("endpoint-taken", $"masternode {holder.Id} already serves {holder.Endpoint} ({p.Endpoint} is the same place)");
        if (p.CollateralBaseUnits < o.MinCollateralBaseUnits)
            return ChainRules.Reject("collateral-too-low", $"the collateral must be at least {o.MinCollateralBaseUnits} base units, got {p.CollateralBaseUnits}");
        var next = state;
        if (p.CollateralBaseUnits > 0)
        {
            var moved = ChainRules.Ledger(state, new EconomicsTransaction.Transfer(signer.Id, ChainOptions.CollateralAccount, new Tokens(p.CollateralBaseUnits)));
            if (!moved.IsOk) return moved;
            next = moved.Value;
        }
        var node = new Masternode(signer.Id, signer.PublicKey, endpoint, p.CollateralBaseUnits, state.PendingHeight, null, 0) { AwaitingFirstReport = true };
        return Result<ChainState>.Ok(next with
        {
            Masternodes = next.Masternodes.Add(signer.Id, node),
            Reputations = next.Reputations.SetItem(signer.Id, BetaReputation.Initial(o.Economics.Reputation)),
        });
    }

    public static Result<ChainState> Report(ChainState state, ChainRules.Signer signer, ReportStorage p)
    {
        if (!state.Masternodes.TryGetValue(signer.Id, out var node)) return ChainRules.Reject("not-masternode", $"{signer.Id} is not a registered masternode");
        if (p.TotalBytes < 0 || p.UsedBytes < 0 || p.FreeBytes < 0) return ChainRules.Reject("bad-bytes", "storage figures must not be negative");
        if (p.TotalBytes > state.Options.MaxReportedStorageBytes)
            return ChainRules.Reject("bad-bytes", $"one masternode reports at most {state.Options.MaxReportedStorageBytes} bytes, got {p.TotalBytes}");
        if (p.UsedBytes > p.TotalBytes || p.FreeBytes > p.TotalBytes - p.UsedBytes)
            return ChainRules.Reject("bad-bytes", $"used ({p.UsedBytes}) plus free ({p.FreeBytes}) bytes exceed the total ({p.TotalBytes})");
        var report = new StorageReport(p.TotalBytes, p.UsedBytes, p.FreeBytes, state.PendingHeight);
        var updated = node with { Storage = report };
        // The first report from a height after the registration's makes the node a member (Masternode.AwaitingFirstReport);
        // one in the registration's own height could come from the same one-shot script as the registration.
        if (node.AwaitingFirstReport && state.PendingHeight > node.RegisteredAtHeight)
            updated = updated with { AwaitingFirstReport = false, ProvenAtHeight = state.PendingHeight };
        return Result<ChainState>.Ok(state with { Masternodes = state.Masternodes.SetItem(signer.Id, updated) });
    }
}
