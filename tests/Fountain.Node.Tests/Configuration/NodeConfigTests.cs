using Akka.Configuration;
using Fountain.Actors.Hosting;
using Fountain.Chain.Configuration;
using Fountain.Node.Configuration;

namespace Fountain.Node.Tests.Configuration;

/// <summary>The node's reference.conf (fountain.node, challenges, scrubbing, healing) and its reader.</summary>
public sealed class NodeConfigTests
{
    private static NodeSettings Read(string hocon) => NodeSettings.Read(ConfigurationFactory.ParseString(hocon).WithFallback(NodeConfig.Defaults));

    private static string KeyOf(string hocon) => Assert.Throws<SettingException>(() => Read(hocon)).Key;

    [Fact]
    public void The_reference_conf_holds_the_code_defaults()
    {
        Assert.Equal(new NodeSettings(), NodeSettings.Read(NodeConfig.Defaults));
    }

    [Fact]
    public void No_setting_makes_a_node_cheat()
    {
        // Misbehaving nodes exist only in the tests (Fountain.Cluster.Tests/Misbehaviour), started through ports: a real
        // masternode's configuration has no switch that turns one on, by mistake or otherwise.
        Assert.DoesNotContain("misbehaviour", NodeConfig.ReferenceText, StringComparison.OrdinalIgnoreCase);
        Assert.False(NodeConfig.Defaults.HasPath("fountain.challenges.allow-misbehaviour"));
    }

    [Fact]
    public async Task The_operators_akka_settings_reach_the_nodes_actor_system()
    {
        var settings = Read("akka.actor.ask-timeout = 7s\nakka.scheduler.tick-duration = 20ms");
        Assert.NotNull(settings.AkkaHocon);
        Assert.Equal(TimeSpan.FromSeconds(7), ConfigurationFactory.ParseString(settings.AkkaHocon).GetTimeSpan("akka.actor.ask-timeout"));
        Assert.Null(Read("").AkkaHocon); // none given: Fountain's and Akka's defaults alone
        await using var nodes = await Support.TestNodes.StartAsync(1, s => s with { AkkaHocon = settings.AkkaHocon });
        var config = nodes[0].Actors.Settings.Config;
        Assert.Equal(TimeSpan.FromSeconds(7), config.GetTimeSpan("akka.actor.ask-timeout"));
        Assert.Equal(TimeSpan.FromMilliseconds(20), config.GetTimeSpan("akka.scheduler.tick-duration"));
        Assert.True(config.HasPath("fountain.codec-dispatcher")); // Fountain's own actor settings are still there
    }

    [Fact]
    public void The_custody_verifiers_are_the_chains_one_setting()
    {
        Assert.False(NodeConfig.Defaults.HasPath("fountain.healing.custody-verifiers"));
        Assert.Equal(3, Read("fountain.chain.custody-verifiers = 3").Healing.CustodyVerifiers);
        Assert.Equal(3, ChainSettings.Read(ConfigurationFactory.ParseString("fountain.chain.custody-verifiers = 3").WithFallback(NodeConfig.Defaults)).Chain.CustodyVerifiers);
    }

    [Fact]
    public void A_bad_value_names_its_key()
    {
        Assert.Equal("fountain.node.capacity", KeyOf("fountain.node.capacity = lots"));
        Assert.Equal("fountain.node.holders-per-block", KeyOf("fountain.node.holders-per-block = 0"));
        Assert.Equal("fountain.node.max-block-bytes", KeyOf("fountain.node.max-block-bytes = 4GiB"));
        Assert.Equal("fountain.node.clock-skew", KeyOf("fountain.node.clock-skew = 0s"));
        Assert.Equal("fountain.node.log-to-console", KeyOf("fountain.node.log-to-console = sometimes"));
        Assert.Equal("fountain.challenges.epoch-heights", KeyOf("fountain.challenges.epoch-heights = 0"));
        Assert.Equal("fountain.challenges.max-range", KeyOf("fountain.challenges.max-range = 0"));
        Assert.Equal("fountain.scrubbing.interval", KeyOf("fountain.scrubbing.interval = 0s"));
        Assert.Equal("fountain.healing", KeyOf("fountain.healing.heal-to = 5"));
        Assert.Equal("fountain.chain.custody-verifiers", KeyOf("fountain.chain.custody-verifiers = 0"));
        Assert.Throws<ArgumentException>(() => (new NodeSettings() with { ListenUrl = "https://127.0.0.1:1" }).Validate());
    }

    [Fact]
    public void The_status_page_and_akka_remoting_may_not_be_derived_onto_one_port()
    {
        new NodeSettings().Validate(); // the defaults: API port + 1000 for Akka, + 2000 for the status page
        var clash = Assert.Throws<SettingException>(() => Read("fountain.status.port-offset = 1000"));
        Assert.Contains("akka-port-offset", clash.Message);
        Read("fountain.status.port-offset = 1000\nfountain.node.cluster.enabled = false");
    }

    [Theory]
    [InlineData("fountain.node.journal.provider", "sqlite, postgres")]
    [InlineData("fountain.node.journal.sqlite-synchronous", "normal, full")]
    [InlineData("fountain.chain.payment-model", "perpetual-fee, lock")]
    [InlineData("fountain.chain.storage.backend", "sqlite, postgres")]
    public void Every_choice_setting_refuses_a_bad_word_alike_naming_key_value_and_the_words_allowed(string key, string allowed)
    {
        var error = Assert.Throws<SettingException>(() => ReadBoth($"{key} = barter"));
        Assert.Equal(key, error.Key);
        Assert.Equal($"'barter' is not one of: {allowed}", error.Problem);
    }

    [Fact]
    public void A_choice_is_read_whatever_its_case()
    {
        var settings = Read("fountain.node.journal { provider = Postgres, connection-string = \"Host=h\", sqlite-synchronous = FULL }");
        Assert.Equal((JournalProvider.PostgreSql, SqliteSynchronous.Full), (settings.Journal.Provider, settings.Journal.SqliteSynchronous));
        var chain = ChainSettings.Read(ConfigurationFactory.ParseString("fountain.chain.payment-model = Lock").WithFallback(NodeConfig.Defaults));
        Assert.Equal(Fountain.Chain.StoragePaymentModel.Lock, chain.Chain.PaymentModel);
    }

    /// <summary>Reads the node's settings and the chain's from one configuration, as <c>fountain cluster up</c> does.</summary>
    private static void ReadBoth(string hocon)
    {
        var config = ConfigurationFactory.ParseString(hocon).WithFallback(NodeConfig.Defaults);
        NodeSettings.Read(config);
        ChainSettings.Read(config);
    }
}
