using Fountain.Lab.Engine;

namespace Fountain.Lab.Tests.Engine;

public class SubstepSemanticsTests
{
    [Fact]
    public void Blocks_run_in_order_as_substeps_and_each_is_a_row()
    {
        var model = new LabModel("trace", [new("trace")],
            _ => new Dictionary<string, object> { ["trace"] = "" },
            [
                new("a", [], [new("trace", (ctx, s, _) => s.Get<string>("trace") + $"a{ctx.Timestep}.{ctx.Substep};")]),
                new("b", [], [new("trace", (ctx, s, _) => s.Get<string>("trace") + $"b{ctx.Timestep}.{ctx.Substep};")]),
            ]);
        var lines = TestModels.RunToCsv(TestModels.Single(model, 1, 2)).TrimEnd('\n').Split('\n');
        Assert.Equal(
        [
            "simulation,subset,run,substep,timestep,trace",
            "0,0,1,0,0,",
            "0,0,1,1,1,a1.1;",
            "0,0,1,2,1,a1.1;b1.2;",
            "0,0,1,1,2,a1.1;b1.2;a2.1;",
            "0,0,1,2,2,a1.1;b1.2;a2.1;b2.2;",
        ], lines);
    }

    [Fact]
    public void Updates_of_one_block_all_see_the_state_as_the_substep_began()
    {
        // A swap: if the second update saw the first one's result, both would end equal.
        var model = new LabModel("swap", [new("x"), new("y")],
            _ => new Dictionary<string, object> { ["x"] = 1L, ["y"] = 2L },
            [new("swap", [], [new("x", (_, s, _) => s["y"]), new("y", (_, s, _) => s["x"])])]);
        var lines = TestModels.RunToCsv(TestModels.Single(model, 1, 3)).TrimEnd('\n').Split('\n');
        Assert.Equal(["0,0,1,0,0,1,2", "0,0,1,1,1,2,1", "0,0,1,1,2,1,2", "0,0,1,1,3,2,1"], lines[1..]);
    }

    [Fact]
    public void Policies_see_the_state_before_the_substep_and_variables_not_updated_carry_over()
    {
        var seen = new List<long>();
        var model = new LabModel("carry", [new("n"), new("constant")],
            _ => new Dictionary<string, object> { ["n"] = 0L, ["constant"] = "kept" },
            [new("count",
                [(_, s) => { seen.Add(s.Get<long>("n")); return Signals.Of(("inc", 1L)); }],
                [new("n", (_, s, sig) => s.Get<long>("n") + sig.Get<long>("inc"))])]);
        var csv = TestModels.RunToCsv(TestModels.Single(model, 1, 3) with { MaxDegreeOfParallelism = 1 });
        Assert.Equal([0L, 1L, 2L], seen);
        Assert.EndsWith("0,0,1,1,3,3,kept\n", csv);
    }

    [Fact]
    public void Last_substep_only_keeps_the_initial_row_and_one_row_per_timestep()
    {
        var model = new LabModel("two", [new("v")],
            _ => new Dictionary<string, object> { ["v"] = 0L },
            [
                new("first", [], [new("v", (_, s, _) => s.Get<long>("v") + 1)]),
                new("second", [], [new("v", (_, s, _) => s.Get<long>("v") * 10)]),
            ]);
        var lines = TestModels.RunToCsv(TestModels.Single(model, 1, 2) with { LastSubstepOnly = true }).TrimEnd('\n').Split('\n');
        Assert.Equal(["0,0,1,0,0,0", "0,0,1,2,1,10", "0,0,1,2,2,110"], lines[1..]);
    }

    [Fact]
    public void Unrecorded_variables_stay_out_of_the_csv()
    {
        var model = new LabModel("hidden", [new("visible"), new("nodes", Recorded: false)],
            _ => new Dictionary<string, object> { ["visible"] = 1L, ["nodes"] = new[] { 1, 2, 3 } },
            [new("noop", [], [])]);
        var csv = TestModels.RunToCsv(TestModels.Single(model, 1, 1));
        Assert.Equal("simulation,subset,run,substep,timestep,visible\n0,0,1,0,0,1\n0,0,1,1,1,1\n", csv);
    }

    [Fact]
    public void A_model_that_updates_an_unknown_or_the_same_variable_twice_is_refused()
    {
        Assert.Throws<KeyNotFoundException>(() => new LabModel("m", [new("a")], _ => new Dictionary<string, object>(),
            [new("b", [], [new("missing", (_, _, _) => 1L)])]));
        var twice = Assert.Throws<ArgumentException>(() => new LabModel("m", [new("a")], _ => new Dictionary<string, object>(),
            [new("b", [], [new("a", (_, _, _) => 1L), new("a", (_, _, _) => 2L)])]));
        Assert.Contains("twice", twice.Message);
        Assert.Throws<ArgumentException>(() => new LabModel("m", [new("run")], _ => new Dictionary<string, object>(), [new("b", [], [])]));
    }

    [Fact]
    public void A_missing_initial_value_or_a_bad_run_count_is_a_clear_error()
    {
        var model = new LabModel("m", [new("a"), new("b")], _ => new Dictionary<string, object> { ["a"] = 1L }, [new("noop", [], [])]);
        var error = Assert.Throws<ArgumentException>(() => TestModels.RunToCsv(TestModels.Single(model, 1, 1)));
        Assert.Contains("'b'", error.Message);
        Assert.Throws<ArgumentException>(() => TestModels.RunToCsv(TestModels.Single(TestModels.RandomWalk(), 0, 1)));
    }

    [Fact]
    public void An_exception_in_a_run_reaches_the_caller()
    {
        var model = new LabModel("boom", [new("a")], _ => new Dictionary<string, object> { ["a"] = 1L },
            [new("fail", [], [new("a", (ctx, _, _) => ctx.Run == 3 && ctx.Timestep == 2 ? throw new InvalidDataException("run 3 broke") : 1L)])]);
        var error = Assert.Throws<InvalidDataException>(() => TestModels.RunToCsv(TestModels.Single(model, 5, 4)));
        Assert.Equal("run 3 broke", error.Message);
    }
}
