using Akka.Configuration;
using Fountain.Lab.Engine;
using Fountain.Lab.Scenarios;

namespace Fountain.Lab.Tests.Scenarios;

public class ScenarioLoaderTests
{
    private static Scenario Load(string hocon, IEnumerable<string>? sets = null, int? runs = null) =>
        ScenarioLoader.Load(ConfigurationFactory.ParseString(hocon), sets, runs);

    private const string Challenges = """
        fountain.lab.scenario {
          name = c, seed = 9, runs = 3, timesteps = 20, model = challenges
          parameters { nodes = 50, penalty-epochs = [0, 100] }
        }
        """;

    [Fact]
    public void A_single_model_scenario_takes_defaults_and_sweeps_lists()
    {
        var s = Load(Challenges);
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
        var s = Load(Challenges, ["parameters.nodes=[80]", "parameters.penalty-epochs=[5, 6, 7]", "sweep=cartesian"], runs: 2);
        Assert.Equal(2, s.Runs);
        Assert.Equal(SweepMode.Cartesian, s.Sweep);
        var subsets = s.Simulations[0].Parameters.Expand(s.Sweep);
        Assert.Equal([5L, 6L, 7L], subsets.Select(x => x["penalty-epochs"]));
        Assert.All(subsets, x => Assert.Equal(80L, x["nodes"]));
        // A scalar replaces a list from the file whole.
        var scalar = Load(Challenges, ["parameters.penalty-epochs=3"]).Simulations[0].Parameters.Expand(SweepMode.Positional);
        Assert.Equal([3L], scalar.Select(x => x["penalty-epochs"]));
    }

    [Fact]
    public void Simulations_keep_their_order_and_override_shared_parameters()
    {
        var s = Load("""
            fountain.lab.scenario {
              name = ab, timesteps = 5
              parameters { artworks = 10, block-bytes = 1MiB }
              simulations = [
                { label = on, model = durability, parameters { healing-enabled = true } }
                { label = off, model = durability, parameters { healing-enabled = false } }
              ]
            }
            """);
        Assert.Equal(["on", "off"], s.Simulations.Select(x => x.Label));
        Assert.Equal([true, false], s.Simulations.Select(x => x.Parameters.Expand(s.Sweep)[0].GetBool("healing-enabled")));
        Assert.All(s.Simulations, x => Assert.Equal(1_048_576L, x.Parameters.Expand(s.Sweep)[0]["block-bytes"]));
    }

    [Theory]
    [InlineData("parameters.nodez = 50", "has no parameter 'nodez'")]
    [InlineData("colour = blue", "Unknown key 'colour'")]
    [InlineData("model = weather", "Unknown model 'weather'")]
    [InlineData("sweep = diagonal", "positional or cartesian")]
    [InlineData("runs = 0", "runs must be at least 1")]
    [InlineData("threads = -1", "threads must be 0")]
    [InlineData("max-buffered-runs = 0", "max-buffered-runs must be at least 1")]
    [InlineData("timesteps = soon", "'timesteps' must be an integer")]
    [InlineData("parameters = 5", "'parameters' must be an object")]
    [InlineData("simulations = [ { model = challenges, colour = red } ]", "Give either 'model' or 'simulations'")]
    [InlineData("simulations = [ { model = challenges, colour = red } ], model = \"\"", "Unknown key 'colour' in simulations.0")]
    [InlineData("parameters.lazy-fraction = [0.1]", "")] // a valid one-element list: no error
    public void Bad_scenarios_fail_with_the_offending_key(string change, string message)
    {
        var scenario = Challenges + "\nfountain.lab.scenario { " + change + " }";
        if (message.Length == 0) { Assert.NotNull(Load(scenario)); return; }
        var error = Assert.ThrowsAny<ArgumentException>(() => Load(scenario));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_scenario_needs_a_name_and_a_model_and_overrides_name_simulations_that_exist()
    {
        Assert.Contains("needs 'name'", Assert.ThrowsAny<ArgumentException>(() => Load("fountain.lab.scenario { model = challenges }")).Message);
        Assert.Contains("needs 'model'", Assert.ThrowsAny<ArgumentException>(() => Load("fountain.lab.scenario { name = x }")).Message);
        Assert.Contains("has 0 simulation", Assert.ThrowsAny<ArgumentException>(() => Load(Challenges, ["simulations.2.parameters.nodes=5"])).Message);
        Assert.Contains("by its position", Assert.ThrowsAny<ArgumentException>(() => Load(Challenges, ["simulations.first.label=x"])).Message);
        Assert.Equal("a b: c", Load(Challenges, ["description=a b: c"]).Description); // not HOCON: taken as text
    }

    [Fact]
    public void The_labs_reference_conf_holds_the_scenario_defaults()
    {
        var s = Load("fountain.lab.scenario { name = n, model = challenges }");
        Assert.Equal(("", 1L, 1, 1, SweepMode.Positional, true, 0, Scenario.DefaultMaxBufferedRuns),
            (s.Description, s.Seed, s.Runs, s.Timesteps, s.Sweep, s.LastSubstepOnly, s.Threads, s.MaxBufferedRuns));
        Assert.Equal(Fountain.Lab.Models.ModelCatalog.Get("challenges").Defaults.Keys.Order(StringComparer.Ordinal), s.Simulations[0].Parameters.Expand(s.Sweep)[0].Names);
    }

    [Fact]
    public void Mismatched_positional_lists_fail_when_loaded_not_when_run() =>
        Assert.Throws<ArgumentException>(() => Load(Challenges + "\nfountain.lab.scenario.parameters.nodes = [10, 20, 30]"));

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
