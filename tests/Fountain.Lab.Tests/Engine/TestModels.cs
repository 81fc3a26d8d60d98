using Fountain.Lab.Engine;

namespace Fountain.Lab.Tests.Engine;

/// <summary>Small models that make one engine rule visible each.</summary>
internal static class TestModels
{
    /// <summary>A random walk: one policy draws a step from the run's generator, one update adds it.</summary>
    public static LabModel RandomWalk() => new(
        "walk",
        [new("position"), new("steps")],
        _ => new Dictionary<string, object> { ["position"] = 0.0, ["steps"] = 0L },
        [
            new("step",
                [(ctx, _) => Signals.Of(("delta", ctx.Random.NextDouble() * 2 - 1))],
                [
                    new("position", (_, s, sig) => s.GetDouble("position") + sig.GetDouble("delta")),
                    new("steps", (_, s, _) => s.Get<long>("steps") + 1),
                ]),
        ]);

    /// <summary>Runs a whole experiment into a string.</summary>
    public static string RunToCsv(Experiment experiment, RunStatistics? statistics = null)
    {
        var text = new StringWriter { NewLine = "\n" };
        var sinks = new List<IRunSink> { new CsvResultSink(text) };
        if (statistics is not null) sinks.Add(statistics);
        ExperimentRunner.Run(experiment, sinks);
        return text.ToString();
    }

    public static Experiment Single(LabModel model, int runs, int timesteps, long seed = 7, ParameterSpace? parameters = null) =>
        new(seed, [new SimulationSpec(model.Name, model, parameters ?? new ParameterSpace(), runs, timesteps)]);
}
