using System.CommandLine;
using System.Text.Json;
using Fountain.Chain.Model;
using Fountain.Chain.Transactions;

namespace Fountain.Cli.Commands;

/// <summary>
/// `fountain challenges --chain URL --last N [--json]`: the storage challenge reports the chain accepted most recently
/// (issue 7, item 5), oldest first: epoch, challenger, target, block and range, and whether the target passed.
/// </summary>
internal static class ChallengeCommands
{
    public static IEnumerable<Command> Create()
    {
        var chain = ChainCommands.ChainOption();
        var last = new Option<int>("--last") { Description = "How many of the most recent reports to print (1 to the chain's listing limit).", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = "Print the reports as a JSON array." };
        var command = new Command("challenges", "Recent storage challenge reports on a chain: who audited whom, on which block and byte range, and the outcome.") { chain, last, json };
        command.SetAction(async (parse, cancellation) =>
        {
            var output = new ChainOutput(parse, parse.GetValue(json));
            return await output.Guard(async () =>
            {
                int count = parse.GetValue(last);
                if (count < 1) return output.Usage("--last must be at least 1");
                using var client = ChainCommands.Client(parse.GetValue(chain)!);
                var reports = await client.GetRecentChallengesAsync(count, cancellation);
                var writer = parse.InvocationConfiguration.Output;
                if (parse.GetValue(json))
                {
                    writer.WriteLine(JsonSerializer.Serialize(reports, new ChainJson(new JsonSerializerOptions(ChainJson.Default.Options) { WriteIndented = true }).IReadOnlyListChallengeReportView));
                    return 0;
                }
                if (reports.Count == 0)
                {
                    writer.WriteLine("no challenge reports yet");
                    return 0;
                }
                writer.WriteLine($"{"height",7}  {"epoch",7}  {"outcome",-7}  {"challenger",-12}  {"target",-12}  {"block",-12}  range");
                foreach (var r in reports) writer.WriteLine(Line(r));
                writer.WriteLine($"{reports.Count} report(s): {reports.Count(r => r.Passed)} passed, {reports.Count(r => !r.Passed)} failed");
                return 0;
            });
        });
        yield return command;
    }

    private static string Line(ChallengeReportView r) =>
        $"{r.Height,7}  {r.EpochHeight,7}  {(r.Passed ? "passed" : "FAILED"),-7}  {r.ChallengerId[..12]}  {r.TargetId[..12]}  {r.BlockId[..12]}  [{r.Offset}, {r.Offset + r.Length})";
}
