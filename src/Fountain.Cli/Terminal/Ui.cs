using Spectre.Console;

namespace Fountain.Cli.Terminal;

/// <summary>
/// Where the CLI talks to people. Results go to standard output, so that scripts can read them; progress bars,
/// step-by-step narration and errors go to standard error. Colour, cursor movement and the terminal's width are used
/// only on a terminal: a stream redirected to a file or a pipe gets plain text, unwrapped lines (an id is never split)
/// and progress as plain lines, and NO_COLOR (https://no-color.org) turns colour off anywhere.
/// </summary>
internal static class Ui
{
    private static Bound? _out, _err;

    /// <summary>Standard output, for results (tables a command prints as its answer).</summary>
    public static IAnsiConsole Out => For(ref _out, Console.Out, isError: false);

    /// <summary>Standard error, for narration, progress and errors.</summary>
    public static IAnsiConsole Err => For(ref _err, Console.Error, isError: true);

    /// <summary>A console over the stream's writer of the moment: tests (and hosts) replace Console.Out and Console.Error.</summary>
    private static IAnsiConsole For(ref Bound? bound, TextWriter writer, bool isError)
    {
        var current = bound;
        if (current is null || !ReferenceEquals(current.Writer, writer))
            bound = current = new Bound(writer, TerminalStyle.ForCurrentProcess(isError).CreateConsole(writer));
        return current.Console;
    }

    private sealed record Bound(TextWriter Writer, IAnsiConsole Console);

    /// <summary>Whether progress is drawn as live bars (standard error is a terminal) rather than written as plain lines.</summary>
    public static bool LiveProgress => TerminalStyle.ForCurrentProcess(isError: true).IsTerminal;

    public static void Step(string markup) => Err.MarkupLine(markup);

    public static void Error(string message) => Err.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");

    /// <summary>Runs <paramref name="work"/> with one progress bar of <paramref name="total"/> units.</summary>
    /// <param name="format">How a number of units is written in plain progress lines (bytes, say); a plain number if null.</param>
    public static T WithProgress<T>(string description, double total, Func<Action<double>, T> work, Func<double, string>? format = null) =>
        WithProgress(board =>
        {
            var bar = board.Add(description, total, format);
            var result = work(bar.Update);
            bar.Complete();
            return Task.FromResult(result);
        });

    /// <summary>Runs <paramref name="work"/> with a board it adds progress bars to, live on a terminal, as plain lines otherwise.</summary>
    public static T WithProgress<T>(Func<ProgressBoard, Task<T>> work) => WithProgressAsync(work).GetAwaiter().GetResult();

    /// <inheritdoc cref="WithProgress{T}(Func{ProgressBoard, Task{T}})"/>
    public static async Task<T> WithProgressAsync<T>(Func<ProgressBoard, Task<T>> work)
    {
        if (!LiveProgress) return await work(new PlainProgressBoard(Err));
        T result = default!;
        await Err.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context => result = await work(new LiveProgressBoard(context)));
        return result;
    }
}
