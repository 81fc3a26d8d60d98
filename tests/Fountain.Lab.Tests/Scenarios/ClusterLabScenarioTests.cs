using Akka.Configuration;
using Fountain.Lab.Scenarios;

namespace Fountain.Lab.Tests.Scenarios;

/// <summary>The scenarios shipped in cluster-lab/ load with Akka's HOCON parser and run, as `fountain lab run` does.</summary>
public class ClusterLabScenarioTests
{
    private static string ClusterLab()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "cluster-lab", "durability.conf"))) return Path.Combine(dir.FullName, "cluster-lab");
        throw new DirectoryNotFoundException("cluster-lab/ not found above the test assembly.");
    }

    private static Scenario Load(string file, params string[] sets) =>
        ScenarioLoader.Load(ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(ClusterLab(), file))), sets);

    public static TheoryData<string, string, int> Scenarios => new()
    {
        // file, model of the first simulation, subsets over all simulations
        { "durability.conf", "durability", 6 },
        { "challenges.conf", "challenges", 4 },
        { "pricing.conf", "pricing", 12 },
        { "reputation.conf", "reputation", 3 },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Each_scenario_loads_documents_itself_and_runs(string file, string model, int subsets)
    {
        var scenario = Load(file, "timesteps=3", "runs=2");
        Assert.Equal(model, scenario.Simulations[0].Model.Name);
        Assert.True(scenario.Description.Length > 40, "a scenario says what it studies");
        Assert.StartsWith("#", File.ReadAllText(Path.Combine(ClusterLab(), file)));
        Assert.Equal(subsets, scenario.Simulations.Sum(s => s.Parameters.Expand(scenario.Sweep).Count));

        using var dir = new TempDirectory("fountain-lab-scenario-");
        var result = ScenarioRun.Execute(scenario, dir);
        Assert.Equal(subsets * 2, result.Runs);
        Assert.Equal(1 + subsets * 2 * 4, File.ReadAllLines(result.CsvPath).Length); // header + (initial + 3 timesteps) per run
        Assert.True(new FileInfo(result.ReportPath).Length > 1000);
    }

    [Fact]
    public void Command_line_overrides_reach_the_hocon_scenario()
    {
        var scenario = Load("durability.conf", "parameters.redundancy=[4, 8]", "simulations.1.parameters.heal-threshold=0.5", "seed=3");
        Assert.Equal(3, scenario.Seed);
        Assert.Equal([4L, 8L], scenario.Simulations[0].Parameters.Expand(scenario.Sweep).Select(p => p["redundancy"]));
        Assert.Equal(0.5, scenario.Simulations[1].Parameters.Expand(scenario.Sweep)[0].GetDouble("heal-threshold"));
        Assert.Equal(0.75, scenario.Simulations[0].Parameters.Expand(scenario.Sweep)[0].GetDouble("heal-threshold"));
    }
}
