using Spectre.Console;

namespace Fountain.Cli.Terminal;

/// <summary>
/// How one output stream is written: with colour and layout on a terminal, as plain unwrapped text when it goes to a
/// file or a pipe. Decided from the stream's redirection and NO_COLOR, never from guesses about the terminal.
/// </summary>
internal sealed record TerminalStyle(bool IsTerminal, bool NoColor)
{
    /// <summary>
    /// The width a redirected stream is laid out for: Spectre wraps at its profile's width (80 when it cannot ask a
    /// terminal), which split ids and paths across lines in files; no line we print comes near this.
    /// </summary>
    public const int RedirectedWidth = 4096;

    public static TerminalStyle ForCurrentProcess(bool isError) =>
        new(!(isError ? Console.IsErrorRedirected : Console.IsOutputRedirected), NoColorRequested(Environment.GetEnvironmentVariable("NO_COLOR")));

    /// <summary>NO_COLOR set to anything but the empty string turns colour off (https://no-color.org).</summary>
    public static bool NoColorRequested(string? value) => !string.IsNullOrEmpty(value);

    public IAnsiConsole CreateConsole(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = IsTerminal && !NoColor ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = IsTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!IsTerminal) console.Profile.Width = RedirectedWidth;
        return console;
    }
}
