using System.Globalization;
using Fountain.Economics.Accounts;
using Fountain.Economics.Perpetual;
using Fountain.Economics.Pricing;
using Fountain.Economics.Reputation;
using Fountain.Economics.Rewards;
using Fountain.Economics.Supply;

namespace Fountain.Economics;

/// <summary>
/// All economics settings, read from the <c>fountain.economics</c> block of the configuration
/// (src/Fountain.Chain/reference.conf names every key, its default and its meaning: the chain applies them). The
/// reader takes a lookup function rather than a configuration type so that this project keeps no dependencies:
/// <c>EconomicsSettings.Read(key =&gt; lookup("fountain.economics." + key.Replace(':', '.')))</c>.
/// A key that is absent keeps its default; a key with a bad value is refused with its name.
/// </summary>
public sealed record EconomicsSettings(LedgerOptions Ledger, RewardOptions Rewards, ReputationOptions Reputation)
{
    public static EconomicsSettings Default { get; } = new(LedgerOptions.Default, RewardOptions.Default, ReputationOptions.Default);

    /// <param name="setting">Returns the value of a key such as "pricing:model", or null if it is not set.</param>
    public static Result<EconomicsSettings> Read(Func<string, string?> setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var r = new Reader(setting);
        var pricing = ShiftPricingOptions.Default;
        pricing = pricing with
        {
            Model = r.Parse("pricing:model", pricing.Model, ParseModel),
            Shift2018C = r.Decimal("pricing:shift-2018-c", pricing.Shift2018C),
            Replication = r.Int("pricing:replication", pricing.Replication),
            ConversionTokens = r.Tokens("pricing:conversion-tokens", pricing.ConversionTokens),
            ConversionBytes = r.Long("pricing:conversion-bytes", pricing.ConversionBytes),
            ShippedReserveFraction = r.Decimal("pricing:shipped-reserve-fraction", pricing.ShippedReserveFraction),
        };
        var fees = FeeSchedule.Default;
        fees = fees with
        {
            Lock = r.Tokens("fees:lock-tokens", fees.Lock),
            Unlock = r.Tokens("fees:unlock-tokens", fees.Unlock),
            Pin = r.Tokens("fees:pin-tokens", fees.Pin),
            Unpin = r.Tokens("fees:unpin-tokens", fees.Unpin),
            Transfer = r.Tokens("fees:transfer-tokens", fees.Transfer),
        };
        var supply = SupplyOracleOptions.Default;
        var outlierRule = r.Parse("supply:outlier-rule", "iqr", v => v is "iqr" or "stddev" ? v : null);
        var outlierK = r.Decimal("supply:outlier-k", 1.5m);
        supply = supply with
        {
            Variant = r.Parse("supply:oracle", supply.Variant, ParseOracle),
            OutlierRule = outlierRule == "iqr" ? new OutlierRule.InterquartileRange(outlierK) : new OutlierRule.StandardDeviations(outlierK),
            WindowSlots = r.Int("supply:window-slots", supply.WindowSlots),
            Windows = r.Int("supply:windows", supply.Windows),
            GenesisSupplyBytes = r.Long("supply:genesis-supply-bytes", supply.GenesisSupplyBytes),
            WitnessTolerance = r.Decimal("supply:witness-tolerance", supply.WitnessTolerance),
            MaxStatisticAgeHeights = r.Long("supply:max-statistic-age-heights", supply.MaxStatisticAgeHeights),
        };
        var perpetual = PerpetualFeeOptions.Default;
        perpetual = perpetual with
        {
            YearlyCostTokensPerGigabyte = r.Decimal("perpetual-fee:yearly-cost-tokens-per-gigabyte", perpetual.YearlyCostTokensPerGigabyte),
            YearlyCostDecline = r.Decimal("perpetual-fee:yearly-cost-decline", perpetual.YearlyCostDecline),
            // One number: the copies paid for. Deriving it from a redundancy and a holder count here would repeat
            // fountain.codec.redundancy and fountain.node.holders-per-block under other names (and other values).
            Replicas = r.Int("perpetual-fee:replicas", perpetual.Replicas),
        };
        var ledger = LedgerOptions.Default with
        {
            Pricing = pricing,
            Fees = fees,
            Supply = supply,
            PerpetualFee = perpetual,
            FeeSinkAccount = r.String("fees:sink-account", LedgerOptions.Default.FeeSinkAccount),
            UnlockKeepsPinCover = r.Bool("accounts:unlock-keeps-pin-cover", LedgerOptions.Default.UnlockKeepsPinCover),
        };
        var rewards = RewardOptions.Default;
        rewards = rewards with
        {
            RewardPerHeight = r.Tokens("rewards:reward-per-height-tokens", rewards.RewardPerHeight),
            PenaltyHeights = r.Long("rewards:penalty-heights", rewards.PenaltyHeights),
        };
        var reputation = ReputationOptions.Default;
        reputation = reputation with
        {
            Lambda = r.Decimal("reputation:lambda", reputation.Lambda),
            Weight = r.Decimal("reputation:weight", reputation.Weight),
            Alpha0 = r.Decimal("reputation:alpha0", reputation.Alpha0),
            Beta0 = r.Decimal("reputation:beta0", reputation.Beta0),
            DisqualificationThreshold = r.Decimal("reputation:disqualification-threshold", reputation.DisqualificationThreshold),
        };
        if (r.Error is { } error) return Result<EconomicsSettings>.Reject(error);
        var invalid = ledger.Validate() ?? rewards.Validate() ?? reputation.Validate();
        if (invalid is not null) return Result<EconomicsSettings>.Reject(invalid);
        return Result<EconomicsSettings>.Ok(new EconomicsSettings(ledger, rewards, reputation));
    }

    private static PricingModel? ParseModel(string v) => PricingModelNames.TryParse(v, out var m) ? m : null;

    private static SupplyOracleVariant? ParseOracle(string v) => v switch
    {
        "trimmed-mean" => SupplyOracleVariant.TrimmedMean,
        "windowed-median" => SupplyOracleVariant.WindowedMedian,
        _ => null,
    };

    /// <summary>Reads typed values and remembers the first bad one.</summary>
    private sealed class Reader(Func<string, string?> setting)
    {
        public Rejection? Error { get; private set; }

        public T Parse<T>(string key, T fallback, Func<string, T?> parse) where T : struct
        {
            var text = setting(key);
            if (text is null) return fallback;
            if (parse(text.Trim()) is { } value) return value;
            Error ??= new Rejection("bad-setting", $"fountain.economics.{key.Replace(':', '.')}: '{text}' is not a valid value");
            return fallback;
        }

        public string Parse(string key, string fallback, Func<string, string?> parse)
        {
            var text = setting(key);
            if (text is null) return fallback;
            if (parse(text.Trim()) is { } value) return value;
            Error ??= new Rejection("bad-setting", $"fountain.economics.{key.Replace(':', '.')}: '{text}' is not a valid value");
            return fallback;
        }

        public decimal Decimal(string key, decimal fallback) =>
            Parse(key, fallback, v => decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : (decimal?)null);

        public long Long(string key, long fallback) =>
            Parse(key, fallback, v => long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : (long?)null);

        public int Int(string key, int fallback) =>
            Parse(key, fallback, v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : (int?)null);

        public bool Bool(string key, bool fallback) =>
            Parse(key, fallback, v => bool.TryParse(v, out var b) ? b : (bool?)null);

        public Tokens Tokens(string key, Tokens fallback) =>
            Parse(key, fallback, v => Economics.Tokens.TryParse(v, out var t, out _) ? t : (Tokens?)null);

        public string String(string key, string fallback) =>
            Parse(key, fallback, v => v.Length > 0 ? v.Trim('"') : null);
    }
}
