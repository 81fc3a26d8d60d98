using Fountain.Lab.Engine;

namespace Fountain.Lab.Tests.Engine;

public class ParameterSweepTests
{
    [Fact]
    public void Positional_sweeps_zip_equal_lists_and_broadcast_single_values()
    {
        var space = new ParameterSpace().Set("a", 1L, 2L, 3L).Set("b", "x").Set("c", 0.1, 0.2, 0.3);
        var subsets = space.Expand(SweepMode.Positional);
        Assert.Equal(3, subsets.Count);
        Assert.Equal([1L, 2L, 3L], subsets.Select(s => s["a"]));
        Assert.All(subsets, s => Assert.Equal("x", s["b"]));
        Assert.Equal([0.1, 0.2, 0.3], subsets.Select(s => s.GetDouble("c")));
    }

    [Fact]
    public void Positional_sweeps_refuse_lists_of_different_lengths_like_cadcad()
    {
        var space = new ParameterSpace().Set("a", 1L, 2L, 3L).Set("b", 1L, 2L);
        var error = Assert.Throws<ArgumentException>(() => space.Expand(SweepMode.Positional));
        Assert.Contains("'a'", error.Message);
        Assert.Contains("'b'", error.Message);
    }

    [Fact]
    public void Cartesian_sweeps_take_every_combination_first_name_slowest()
    {
        var subsets = new ParameterSpace().Set("a", 1L, 2L).Set("b", "x", "y", "z").Set("c", true).Expand(SweepMode.Cartesian);
        Assert.Equal(["1x", "1y", "1z", "2x", "2y", "2z"], subsets.Select(s => $"{s["a"]}{s["b"]}"));
        Assert.All(subsets, s => Assert.True(s.GetBool("c")));
    }

    [Fact]
    public void Subsets_and_runs_number_the_output_rows()
    {
        var space = new ParameterSpace().Set("scale", 1.0, 2.0);
        var experiment = TestModels.Single(TestModels.RandomWalk(), runs: 3, timesteps: 1, parameters: space) with { LastSubstepOnly = true };
        var keys = TestModels.RunToCsv(experiment).TrimEnd('\n').Split('\n').Skip(1).Where(l => l.Split(',')[4] == "1")
            .Select(l => string.Join(",", l.Split(',')[..3])).ToArray();
        Assert.Equal(["0,0,1", "0,0,2", "0,0,3", "0,1,1", "0,1,2", "0,1,3"], keys);
    }

    [Fact]
    public void Several_models_in_one_experiment_share_the_output_with_the_union_of_their_columns()
    {
        var a = TestModels.RandomWalk();
        var b = new LabModel("counter", [new("steps"), new("label")],
            _ => new Dictionary<string, object> { ["steps"] = 0L, ["label"] = "b" },
            [new("count", [], [new("steps", (_, s, _) => s.Get<long>("steps") + 1)])]);
        var experiment = new Experiment(1, [new SimulationSpec("A", a, new ParameterSpace(), 1, 1), new SimulationSpec("B", b, new ParameterSpace(), 1, 1)]);
        var lines = TestModels.RunToCsv(experiment).TrimEnd('\n').Split('\n');
        Assert.Equal("simulation,subset,run,substep,timestep,position,steps,label", lines[0]);
        Assert.Equal("1,0,1,1,1,,1,b", lines[^1]);
        Assert.StartsWith("0,0,1,1,1,", lines[2]);
        Assert.EndsWith(",1,", lines[2]);
    }

    [Fact]
    public void Typed_parameter_getters_refuse_bad_values()
    {
        var set = new ParameterSpace().Set("p", 1.5).Set("n", 2.5).Set("s", "text").Expand(SweepMode.Positional)[0];
        Assert.Throws<ArgumentException>(() => set.GetProbability("p"));
        Assert.Throws<ArgumentException>(() => set.GetInt("n"));
        Assert.Throws<InvalidCastException>(() => set.GetDouble("s"));
        Assert.Throws<KeyNotFoundException>(() => set.GetDouble("absent"));
    }
}
