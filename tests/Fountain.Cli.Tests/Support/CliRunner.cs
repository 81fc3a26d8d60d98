using System.CommandLine;

[assembly: CollectionBehavior(DisableTestParallelization = true)] // the console is one per process

namespace Fountain.Cli.Tests.Support;

/// <summary>Runs the real `fountain` command tree in this process and captures what it prints on standard output.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        var original = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            int exit = Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = captured, Error = TextWriter.Null });
            return (exit, captured.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }
}
