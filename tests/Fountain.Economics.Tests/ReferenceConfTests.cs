using Fountain.Economics.Pricing;
using Fountain.Economics.Supply;

namespace Fountain.Economics.Tests;

/// <summary>hocon/reference.conf and the code's defaults must say the same thing, key for key.</summary>
public class ReferenceConfTests
{
    /// <summary>The flat keys ("pricing:model") and values of the fountain.economics block (simple HOCON: blocks and key = value).</summary>
    private static Dictionary<string, string> EconomicsBlock()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "hocon", "reference.conf"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var path = new List<string>();
        var values = new Dictionary<string, string>();
        foreach (var raw in File.ReadAllLines(Path.Combine(dir!.FullName, "hocon", "reference.conf")))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.EndsWith('{')) { path.Add(line[..^1].Trim()); continue; }
            if (line == "}") { path.RemoveAt(path.Count - 1); continue; }
            var eq = line.IndexOf('=');
            if (path.Count >= 2 && path[0] == "fountain" && path[1] == "economics")
                values[string.Join(':', path.Skip(2).Append(line[..eq].Trim()))] = line[(eq + 1)..].Trim().Trim('"');
        }
        return values;
    }

    [Fact]
    public void Reference_conf_holds_the_code_defaults_and_every_key_is_read()
    {
        var conf = EconomicsBlock();
        Assert.True(conf.Count > 30, $"found only {conf.Count} keys");
        var asked = new HashSet<string>();
        var settings = EconomicsSettings.Read(key => { asked.Add(key); return conf.GetValueOrDefault(key); });
        Assert.True(settings.IsOk, settings.Rejection?.ToString());
        Assert.Equal(EconomicsSettings.Default, settings.Value);
        Assert.Empty(conf.Keys.Except(asked)); // no setting in the file that the code ignores
        Assert.Empty(asked.Except(conf.Keys)); // no setting the code reads that the file omits
    }

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
