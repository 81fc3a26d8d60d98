using Fountain.Economics.Pricing;
using Fountain.Economics.Supply;

namespace Fountain.Economics.Tests;

/// <summary>
/// The economics reader on its own. That src/Fountain.Chain/reference.conf holds these defaults, key for key, is
/// checked where that file lives (Fountain.Chain.Tests, ChainConfigTests).
/// </summary>
public class EconomicsSettingsTests
{
    [Fact]
    public void Settings_override_defaults_and_bad_values_are_named()
    {
        var settings = EconomicsSettings.Read(key => key switch
        {
            "pricing:model" => "shift-2018",
            "supply:oracle" => "windowed-median",
            "supply:outlier-rule" => "stddev",
            "supply:outlier-k" => "2",
            "fees:pin-tokens" => "0.5",
            _ => null,
        }).Value;
        Assert.Equal(PricingModel.Shift2018, settings.Ledger.Pricing.Model);
        Assert.Equal(SupplyOracleVariant.WindowedMedian, settings.Ledger.Supply.Variant);
        Assert.Equal(new OutlierRule.StandardDeviations(2m), settings.Ledger.Supply.OutlierRule);
        Assert.Equal(Tokens.FromDecimal(0.5m), settings.Ledger.Fees.Pin);

        var bad = EconomicsSettings.Read(key => key == "rewards:penalty-heights" ? "soon" : null);
        Assert.Contains("fountain.economics.rewards.penalty-heights", bad.Rejection!.Message);
        var invalid = EconomicsSettings.Read(key => key == "pricing:replication" ? "0" : null);
        Assert.Equal("bad-option", invalid.Rejection!.Code);
    }
}
