using System.CommandLine;
using Akka.Configuration;
using Fountain.Cli.Configuration;
using Fountain.Cli.Terminal;

namespace Fountain.Cli.Commands;

/// <summary>
/// `fountain config reference` prints every setting with its default and meaning (hocon/reference.conf is its output);
/// `fountain config show` prints the settings in force after --config, FOUNTAIN__ variables and --set, and where each
/// came from.
/// </summary>
internal static class ConfigCommands
{
    public static IEnumerable<Command> Create()
    {
        var config = new Command("config", "The configuration: every setting and its default, or the settings in force.");
        config.Subcommands.Add(Reference());
        config.Subcommands.Add(Show());
        yield return config;
    }

    private static Command Reference()
    {
        var command = new Command("reference", "Print every setting, its default and one line on what it does (hocon/reference.conf), from the components' reference.conf files.");
        command.SetAction(parse =>
        {
            parse.InvocationConfiguration.Output.Write(FountainConfig.GenerateReference());
            return CliAction.Success;
        });
        return command;
    }

    private static Command Show()
    {
        var file = FountainConfig.ConfigOption("any fountain.* setting");
        var sets = FountainConfig.SetOption();
        var command = new Command("show", "Print each setting's value in force and, when it is not the default, what set it: the file, a FOUNTAIN__ variable or --set.") { file, sets };
        command.SetAction(parse => CliAction.Run(() =>
        {
            var loaded = FountainConfig.Load(parse.GetValue(file), parse.GetValue(sets));
            var output = parse.InvocationConfiguration.Output;
            // In hocon/reference.conf's order; a block whose keys are data (genesis-allocations) is printed whole.
            foreach (var (key, _) in FountainConfig.Leaves(ConfigurationFactory.ParseString(FountainConfig.GenerateReference())))
            {
                var value = loaded.Config.GetValue(key);
                var source = loaded.SetBy(key);
                output.WriteLine(source == "the default" ? $"{key} = {FountainConfig.Render(value)}" : $"{key} = {FountainConfig.Render(value)}  # {source}");
            }
            return CliAction.Success;
        }));
        return command;
    }
}
