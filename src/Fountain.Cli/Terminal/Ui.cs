using Spectre.Console;

namespace Fountain.Cli.Terminal;

/// <summary>
/// Where the CLI talks to people. Results go to standard output, so that scripts can read them; progress bars,
/// step-by-step narration and errors go to standard error.
/// </summary>
internal static class Ui
{
    public static IAnsiConsole Err { get; } = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    public static void Step(string markup) => Err.MarkupLine(markup);

    public static void Error(string message) => Err.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");

    /// <summary>Runs <paramref name="work"/> with one progress bar of <paramref name="total"/> units.</summary>
    public static T WithProgress<T>(string description, double total, Func<Action<double>, T> work)
    {
        T result = default!;
        Err.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(description), maxValue: Math.Max(total, 1));
                result = work(value => task.Value = value);
                task.Value = task.MaxValue;
            });
        return result;
    }
}
