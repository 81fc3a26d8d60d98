using System.Diagnostics;
using Fountain.Chain.Selection;
using Fountain.Cli.Terminal;
using Fountain.Node.Cluster;
using Fountain.Node.Healing;
using Spectre.Console;

namespace Fountain.Cli.Commands;

/// <summary>
/// The healing part of `fountain cluster demo` (issue 7, item 5): after the network lost most of its nodes, new
/// masternodes join (stopped nodes come back with empty folders, hence new keys: new identities), and the artwork's
/// custodian primary of each epoch measures and heals it until a fresh measurement finds it at its target. Each round
/// prints redundancy before and after. The stopped identities stay registered (only failed challenges would penalise
/// them), so an epoch whose primary or verifiers are all down heals nothing, and the demo seals the next height.
/// </summary>
internal static class DemoHealing
{
    private const int MaxEpochs = 300;
    private const int MaxRounds = 5;

    public static async Task<bool> RunAsync(LocalCluster cluster, string artworkId, IReadOnlyList<int> stopped, Random random)
    {
        var joining = stopped.OrderBy(_ => random.Next()).Take(Math.Max(1, stopped.Count / 3)).ToList();
        foreach (var i in joining)
        {
            Directory.Delete(cluster.NodeFolder(i), recursive: true);
            await cluster.StartNodeAsync(i);
        }
        // Registrations count from the height that includes them; then every node's cached masternode list must take
        // the newcomers in, or the others refuse their requests (as LocalCluster.StartAsync waits after starting).
        await cluster.Chain.SealNowAsync();
        await Task.Delay(cluster.RunningNodes.Max(n => n.Settings.MembershipRefresh) + TimeSpan.FromMilliseconds(100));
        foreach (var node in cluster.RunningNodes) node.WatchArtwork(artworkId);
        Ui.Step($"7. {joining.Count} new masternodes joined; {cluster.RunningNodes.Count()} of {cluster.Chain.State.Masternodes.Count} registered masternodes are running");

        var clock = Stopwatch.StartNew();
        long moved = 0, restored = 0;
        for (int round = 1; round <= MaxRounds; round++)
        {
            var report = await CheckByLivePrimaryAsync(cluster, artworkId);
            if (report is null)
            {
                Ui.Error($"   no epoch in {MaxEpochs} had a running custodian primary and verifier");
                return false;
            }
            moved += report.BytesMoved;
            if (report.Failure is not null) await cluster.Chain.SealNowAsync(); // the next round is another epoch
            restored += report.BytesRestored;
            var after = report.After is { } a ? $"{a.Redundancy:0.00}" : "unchanged";
            Ui.Step($"   round {round} (epoch {report.EpochHeight}): redundancy [bold]{report.Before.Redundancy:0.00}[/] measured ({report.Before.BlocksAvailable} of {report.Before.BlocksKnown} blocks found intact), " +
                $"{report.BlocksAdded} blocks added, {report.BlocksCopied} copies to new holders, after {after}" +
                (report.Failure is null ? "" : $"; [red]{Markup.Escape(report.Failure)}[/]"));
            if (report.BlocksAdded == 0 && report.BlocksCopied == 0 && report.Failure is null && report.Before.Redundancy >= new HealingPolicy().HealBelow)
            {
                var traffic = restored > 0
                    ? $"repair traffic {moved / (double)restored:0.00} bytes moved per byte of redundancy restored"
                    : $"no new blocks were needed (redundancy never fell below heal-below; try --holders 1 or 2); {moved} bytes moved";
                Ui.Step($"8. healthy: a fresh measurement finds redundancy {report.Before.Redundancy:0.00} after {clock.Elapsed.TotalSeconds:0.0} s; {traffic}");
                return true;
            }
        }
        Ui.Error($"   still below target after {MaxRounds} rounds");
        return false;
    }

    private static async Task<CheckReport?> CheckByLivePrimaryAsync(LocalCluster cluster, string artworkId)
    {
        for (int epoch = 0; epoch < MaxEpochs; epoch++)
        {
            var custodians = Custody.Custodians(artworkId, cluster.Chain.State.Head, cluster.Chain.State.Masternodes.Values, 2);
            var running = cluster.RunningNodes.ToDictionary(n => n.NodeId, StringComparer.Ordinal);
            if (running.TryGetValue(custodians[0], out var primary) && custodians.Skip(1).Any(running.ContainsKey)
                && await primary.CheckArtworkAsync(artworkId) is { } report)
                return report;
            await cluster.Chain.SealNowAsync();
        }
        return null;
    }
}
