using Fountain.Chain.Model;
using Fountain.Chain.Rules;
using Fountain.Chain.State;
using Fountain.Economics.Pricing;

namespace Fountain.Chain.Dev;

/// <summary>The read-side views of a <see cref="ChainState"/>, shared by the in-process chain and its HTTP server.</summary>
internal static class ChainViewsOf
{
    public static NetworkFigures Network(ChainState s)
    {
        var e = s.Options.Economics.Ledger;
        long total = 0, used = 0, free = 0;
        foreach (var m in s.Masternodes.Values)
        {
            if (m.Storage is not { } r || s.PendingHeight - r.AtHeight > s.Options.StorageReportMaxAgeHeights) continue;
            total = HeightSealing.SaturatingAdd(total, r.TotalBytes);
            used = HeightSealing.SaturatingAdd(used, r.UsedBytes);
            free = HeightSealing.SaturatingAdd(free, r.FreeBytes);
        }
        return new NetworkFigures(
            s.Head.Height, e.Pricing.Model.Name(),
            s.Options.PaymentModel == StoragePaymentModel.PerpetualFee ? "perpetual-fee" : "lock",
            e.Pricing.C, e.Pricing.Shift2018C, e.Pricing.Replication, e.Pricing.ConversionTokens.Units, e.Pricing.ConversionBytes,
            e.Pricing.ShippedReserveFraction, s.Ledger.ClaimedBytes, s.Ledger.Supply.Bytes, s.Ledger.Supply.AgreedAtHeight,
            e.Supply.MaxStatisticAgeHeights, total, used, free, s.Masternodes.Count,
            s.Ledger.Account(s.Options.RewardPoolAccount).Available.Units, s.Ledger.TotalTokens().Units,
            e.PerpetualFee.YearlyCostTokensPerGigabyte, e.PerpetualFee.YearlyCostDecline, e.PerpetualFee.EffectiveReplicas);
    }

    public static HeightRewardsRecord? Rewards(ChainState s, long height)
    {
        var records = s.RewardRecords;
        if (records.Count == 0) return null;
        var index = height - records[0].Height;
        return index >= 0 && index < records.Count ? records[(int)index] : null;
    }
}
