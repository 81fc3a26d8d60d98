using Fountain.Cli.Terminal;
using Fountain.Node.Owner;

namespace Fountain.Cli.Tests.Terminal;

/// <summary>Progress written for a file or a pipe: a few plain lines per bar, never one per update, no escape codes.</summary>
public sealed class ProgressOutputTests
{
    private static (PlainProgressBoard Board, StringWriter Text) Board()
    {
        var text = new StringWriter();
        return (new PlainProgressBoard(new TerminalStyle(IsTerminal: false, NoColor: false).CreateConsole(text)), text);
    }

    private static string[] Lines(StringWriter text) => text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void A_bar_updated_a_thousand_times_writes_its_start_each_tenth_and_its_end()
    {
        var (board, text) = Board();
        var bar = board.Add("uploading", 1000);
        for (int i = 1; i <= 1000; i++) bar.Update(i);
        bar.Complete();
        var lines = Lines(text);
        Assert.Equal(11, lines.Length); // start, 10% ... 90%, done
        Assert.Equal("uploading: 0 of 1000", lines[0]);
        Assert.Equal("uploading: 500 of 1000 (50%)", lines[5]);
        Assert.Equal("uploading: 1000 of 1000, done", lines[^1]);
        Assert.DoesNotContain('\u001b', text.ToString());
    }

    [Fact]
    public void A_store_through_a_node_shows_bytes_sent_then_blocks_placed_then_the_registration()
    {
        var (board, text) = Board();
        var bars = new StoreProgressBars(board);
        long archive = 5L << 20;
        foreach (long sent in new[] { 0L, 1L << 20, 3L << 20, archive }) bars.Report(new StoreProgress(StoreStage.SendingArchive, sent, archive, sent));
        bars.Report(new StoreProgress(StoreStage.NodeEncodingAndPlacing, 0, 0, archive));
        bars.Report(new StoreProgress(StoreStage.NodeEncodingAndPlacing, 118, 120, archive)); // two blocks found no holder
        bars.Report(new StoreProgress(StoreStage.Registering, 0, 1));
        bars.Report(new StoreProgress(StoreStage.Registering, 1, 1));
        bars.Finish();
        Assert.Equal(
        [
            "sending the archive (bytes): 0 of 5 MiB",
            "sending the archive (bytes): 1 MiB of 5 MiB (20%)",
            "sending the archive (bytes): 3 MiB of 5 MiB (60%)",
            "sending the archive (bytes): 5 MiB of 5 MiB, done",
            "masternode encodes and places (blocks)...",
            "masternode encodes and places (blocks): 118 of 120, done",
            "registering the ticket: 0 of 1",
            "registering the ticket: 1 of 1, done",
        ], Lines(text));
    }
}
