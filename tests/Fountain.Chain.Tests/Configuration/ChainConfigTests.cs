using Akka.Configuration;
using Fountain.Chain.Configuration;
using Fountain.Chain.Http;
using Fountain.Economics;

namespace Fountain.Chain.Tests.Configuration;

/// <summary>The chain's reference.conf (fountain.chain, fountain.economics) and its reader.</summary>
public sealed class ChainConfigTests
{
    private static ChainSettings Read(string hocon) => ChainSettings.Read(ConfigurationFactory.ParseString(hocon).WithFallback(ChainConfig.Defaults));

    [Fact]
    public void The_reference_conf_holds_the_code_defaults()
    {
        var read = ChainSettings.Read(ChainConfig.Defaults);
        Assert.Empty(read.Chain.GenesisAllocations);
        Assert.Equal(ChainOptions.Default with { GenesisAllocations = read.Chain.GenesisAllocations }, read.Chain);
        Assert.Equal(EconomicsSettings.Default, read.Chain.Economics);
        Assert.Equal(new ChainServerOptions(), read.Server);
        Assert.Equal(("sqlite", "fountain-chain", "", "fountain_chain_log"), (read.Backend, read.DataDirectory, read.PostgresConnectionString, read.PostgresTable));
    }

    [Fact]
    public void Every_economics_key_is_one_the_economics_reader_asks_for_and_the_other_way_round()
    {
        var keys = Leaves(ChainConfig.Defaults.GetValue("fountain.economics"), "").Select(k => k.Replace('.', ':')).ToHashSet();
        Assert.True(keys.Count > 30, $"found only {keys.Count} keys");
        var asked = new HashSet<string>();
        Assert.True(EconomicsSettings.Read(key => { asked.Add(key); return null; }).IsOk);
        Assert.Empty(keys.Except(asked)); // no economics setting in the file that the code ignores
        Assert.Empty(asked.Except(keys)); // no economics setting the code reads that the file omits
    }

    [Fact]
    public void Settings_override_the_defaults_and_a_bad_value_names_its_key()
    {
        var read = Read("""
            fountain.chain {
              height-interval = 2s
              genesis-allocations { "abababababababababababababababababababababababababababababababab" = 1.5 }
              payment-model = lock
            }
            fountain.economics.perpetual-fee.replicas = 20
            """);
        Assert.Equal(TimeSpan.FromSeconds(2), read.Chain.HeightInterval);
        Assert.Equal(150_000_000, read.Chain.GenesisAllocations["abababababababababababababababababababababababababababababababab"]);
        Assert.Equal(StoragePaymentModel.Lock, read.Chain.PaymentModel);
        Assert.Equal(20, read.Chain.Economics.Ledger.PerpetualFee.EffectiveReplicas);

        Assert.Equal("fountain.chain.height-interval", Assert.Throws<SettingException>(() => Read("fountain.chain.height-interval = soon")).Key);
        Assert.Equal("fountain.chain.payment-model", Assert.Throws<SettingException>(() => Read("fountain.chain.payment-model = barter")).Key);
        Assert.Equal("fountain.chain.faucet.enabled", Assert.Throws<SettingException>(() => Read("fountain.chain.faucet.enabled = maybe")).Key);
        Assert.Equal("fountain.chain.limits.max-archive-size", Assert.Throws<SettingException>(() => Read("fountain.chain.limits.max-archive-size = -1KiB")).Key);
        Assert.Equal("fountain.economics.rewards.penalty-heights", Assert.Throws<SettingException>(() => Read("fountain.economics.rewards.penalty-heights = soon")).Key);
        Assert.Equal("fountain.chain.genesis-allocations.\"aa\"", Assert.Throws<SettingException>(() => Read("fountain.chain.genesis-allocations { \"aa\" = lots }")).Key);
        Assert.Equal("fountain.chain.storage.postgres-connection-string", Assert.Throws<SettingException>(() => Read("fountain.chain.storage.backend = postgres")).Key);
        Assert.Contains("height-interval must be at least 10 ms", Assert.Throws<SettingException>(() => Read("fountain.chain.height-interval = 1ms")).Message);
        Assert.Contains("is missing", Assert.Throws<SettingException>(() => ChainSettings.Read(ConfigurationFactory.ParseString("a = 1"))).Message);
    }

    private static IEnumerable<string> Leaves(Akka.Configuration.Hocon.HoconValue value, string path) =>
        value.IsObject() && value.GetObject().Items.Count > 0
            ? value.GetObject().Items.SelectMany(item => Leaves(item.Value, path.Length == 0 ? item.Key : $"{path}.{item.Key}"))
            : [path];
}
