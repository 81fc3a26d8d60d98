using System.CommandLine;
using Fountain.Cli.Commands;

namespace Fountain.Cli;

/// <summary>The `fountain` command. Each command group lives in its own file under Commands/.</summary>
public static class Program
{
    public static int Main(string[] args) => BuildRoot().Parse(args).Invoke();

    /// <summary>The command tree, separate from Main so that tests can parse and invoke it in process.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand(
            "Fountain: a self-healing decentralized file store for masternode networks (LT fountain codes, storage challenges, Shift pricing).");
        foreach (var command in CodecCommands.Create()) root.Subcommands.Add(command);
        foreach (var command in PriceCommands.Create()) root.Subcommands.Add(command);
        foreach (var command in ChainCommands.Create()) root.Subcommands.Add(command);
        foreach (var command in AccountCommands.Create()) root.Subcommands.Add(command);
        foreach (var command in LabCommands.Create()) root.Subcommands.Add(command);
        foreach (var command in NodeCommands.Create()) root.Subcommands.Add(command);
        foreach (var command in NetworkCommands.Create()) root.Subcommands.Add(command);
        foreach (var command in ClusterCommands.Create()) root.Subcommands.Add(command);
        foreach (var command in ArtworkCommands.Create()) root.Subcommands.Add(command);
        foreach (var command in ChallengeCommands.Create()) root.Subcommands.Add(command);
        foreach (var command in ConfigCommands.Create()) root.Subcommands.Add(command);
        return root;
    }
}
