using Fountain.Node.Owner;

namespace Fountain.Cli.Terminal;

/// <summary>
/// A store's progress as bars, one per stage: archive bytes sent, then the masternode's encoding and placing (the node
/// answers only when it has finished, so that bar runs without a fraction until then), or the owner's own encoding and
/// uploads; then the registration. A stage's bar is completed when the next one starts.
/// </summary>
internal sealed class StoreProgressBars(ProgressBoard board) : IProgress<StoreProgress>
{
    private readonly Lock _lock = new();
    private readonly Dictionary<StoreStage, ProgressBar> _bars = [];
    private ProgressBar? _current;

    public void Report(StoreProgress value)
    {
        lock (_lock)
        {
            if (!_bars.TryGetValue(value.Stage, out var bar))
            {
                _current?.Complete();
                bar = board.Add(Describe(value.Stage), value.Total, value.Stage == StoreStage.SendingArchive ? v => ByteSize.Format((long)v) : v => $"{v:0}");
                _bars[value.Stage] = _current = bar;
            }
            bar.Update(value.Done, value.Total);
            if (value.Total > 0 && value.Done >= value.Total) bar.Complete();
        }
    }

    /// <summary>Completes the last stage's bar (one that ended short of its total, such as blocks placed of blocks made).</summary>
    public void Finish()
    {
        lock (_lock) _current?.Complete();
    }

    private static string Describe(StoreStage stage) => stage switch
    {
        StoreStage.SendingArchive => "sending the archive (bytes)",
        StoreStage.NodeEncodingAndPlacing => "masternode encodes and places (blocks)",
        StoreStage.Encoding => "encoding (blocks)",
        StoreStage.Uploading => "uploading to holders (blocks)",
        StoreStage.Registering => "registering the ticket",
        _ => stage.ToString(),
    };
}
