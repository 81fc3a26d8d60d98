using Fountain.Lab.Engine;
using Fountain.Lab.Scenarios;
using Microsoft.Extensions.Configuration;

namespace Fountain.Lab.Tests.Scenarios;

public class ScenarioLoaderTests
{
    private const string R = "fountain:lab:scenario:";

    private static Scenario Load(Dictionary<string, string?> entries, IEnumerable<string>? sets = null, int? runs = null) =>
        ScenarioLoader.Load(new ConfigurationBuilder().AddInMemoryCollection(entries).AddInMemoryCollection(ScenarioLoader.Overrides(sets ?? [])).Build(), runs);

    private static Dictionary<string, string?> Challenges() => new()
    {
        [R + "name"] = "c", [R + "seed"] = "9", [R + "runs"] = "3", [R + "timesteps"] = "20", [R + "model"] = "challenges",
        [R + "parameters:nodes"] = "50", [R + "parameters:penalty-epochs:0"] = "0", [R + "parameters:penalty-epochs:1"] = "100",
    };

    [Fact]
    public void A_single_model_scenario_takes_defaults_and_sweeps_lists()
    {
        var s = Load(Challenges());
        Assert.Equal(("c", 9L, 3, 20, SweepMode.Positional, true), (s.Name, s.Seed, s.Runs, s.Timesteps, s.Sweep, s.LastSubstepOnly));
        var sim = Assert.Single(s.Simulations);
        var subsets = sim.Parameters.Expand(s.Sweep);
        Assert.Equal([0L, 100L], subsets.Select(x => x["penalty-epochs"]));
        Assert.All(subsets, x => Assert.Equal(50L, x["nodes"]));
        Assert.All(subsets, x => Assert.Equal(0.1, x["lazy-fraction"])); // a default
    }

    [Fact]
    public void Overrides_replace_values_and_lists_and_runs()
    {
        var s = Load(Challenges(), ["parameters.nodes=[80]", "parameters.penalty-epochs=[5, 6, 7]", "sweep=cartesian"], runs: 2);
        Assert.Equal(2, s.Runs);
        Assert.Equal(SweepMode.Cartesian, s.Sweep);
        var subsets = s.Simulations[0].Parameters.Expand(s.Sweep);
        Assert.Equal([5L, 6L, 7L], subsets.Select(x => x["penalty-epochs"]));
        Assert.All(subsets, x => Assert.Equal(80L, x["nodes"]));
        // A scalar replaces a list from the file whole.
        var scalar = Load(Challenges(), ["parameters.penalty-epochs=3"]).Simulations[0].Parameters.Expand(SweepMode.Positional);
        Assert.Equal([3L], scalar.Select(x => x["penalty-epochs"]));
    }

    [Fact]
    public void Simulations_keep_their_order_and_override_shared_parameters()
    {
        var entries = new Dictionary<string, string?>
        {
            [R + "name"] = "ab", [R + "timesteps"] = "5",
            [R + "parameters:artworks"] = "10", [R + "parameters:block-bytes"] = "1MiB",
            [R + "simulations:0:label"] = "on", [R + "simulations:0:model"] = "durability", [R + "simulations:0:parameters:healing-enabled"] = "true",
            [R + "simulations:1:label"] = "off", [R + "simulations:1:model"] = "durability", [R + "simulations:1:parameters:healing-enabled"] = "false",
        };
        var s = Load(entries);
        Assert.Equal(["on", "off"], s.Simulations.Select(x => x.Label));
        Assert.Equal([true, false], s.Simulations.Select(x => x.Parameters.Expand(s.Sweep)[0].GetBool("healing-enabled")));
        Assert.All(s.Simulations, x => Assert.Equal(1_048_576L, x.Parameters.Expand(s.Sweep)[0]["block-bytes"]));
    }

    [Theory]
    [InlineData("parameters:nodez", "50", "has no parameter 'nodez'")]
    [InlineData("colour", "blue", "Unknown key 'colour'")]
    [InlineData("model", "weather", "Unknown model 'weather'")]
    [InlineData("sweep", "diagonal", "positional or cartesian")]
    [InlineData("runs", "0", "runs must be at least 1")]
    [InlineData("threads", "-1", "threads must be 0")]
    [InlineData("max-buffered-runs", "0", "max-buffered-runs must be at least 1")]
    [InlineData("parameters:lazy-fraction:0", "0.1", "")] // a valid one-element list: no error
    public void Bad_scenarios_fail_with_the_offending_key(string key, string value, string message)
    {
        var entries = Challenges();
        if (key == "parameters:lazy-fraction:0") { entries[R + key] = value; Assert.NotNull(Load(entries)); return; }
        entries[R + key] = value;
        var error = Assert.ThrowsAny<ArgumentException>(() => Load(entries));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Mismatched_positional_lists_fail_when_loaded_not_when_run()
    {
        var entries = Challenges();
        entries[R + "parameters:nodes:0"] = "10";
        entries[R + "parameters:nodes:1"] = "20";
        entries[R + "parameters:nodes:2"] = "30";
        entries.Remove(R + "parameters:nodes");
        Assert.Throws<ArgumentException>(() => Load(entries));
    }

    [Theory]
    [InlineData("2MiB", 2_097_152L)]
    [InlineData("20MB", 20_000_000L)]
    [InlineData("100GiB", 107_374_182_400L)]
    [InlineData("12", 12L)]
    [InlineData("5.4e-5", 5.4e-5)]
    [InlineData("true", true)]
    [InlineData("durability", "durability")]
    public void Values_parse_to_numbers_sizes_booleans_or_text(string text, object expected) =>
        Assert.Equal(expected, ParameterValue.Parse(text));
}
