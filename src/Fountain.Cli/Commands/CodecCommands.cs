using System.CommandLine;

namespace Fountain.Cli.Commands;

/// <summary>encode, decode, inspect, demo, bench, fuzz: the codec's commands.</summary>
internal static class CodecCommands
{
    public static IEnumerable<Command> Create() =>
    [
        EncodeCommand.Create(),
        DecodeCommand.Create(),
        InspectCommand.Create(),
        DemoCommand.Create(),
        BenchCommand.Create(),
        FuzzCommand.Create(),
    ];
}
