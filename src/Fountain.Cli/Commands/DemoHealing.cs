using System.Diagnostics;
using Fountain.Chain.Selection;
using Fountain.Cli.Terminal;
using Fountain.Node.Cluster;
using Fountain.Node.Hosting;
using Fountain.Node.Healing;
using Spectre.Console;

namespace Fountain.Cli.Commands;

/// <summary>
/// The healing part of `fountain cluster demo` (issue 7, item 5): after the network lost most of its nodes, new
/// masternodes join (stopped nodes come back with empty folders, hence new keys: new identities), and the artwork's
/// custodian primary of each epoch measures and heals it until a fresh measurement finds it at its target. Each round
/// prints redundancy before and after. The stopped identities stay registered, but once the chain has marked them
/// offline (no storage report for its offline-after window) custody and placement skip them, so every epoch's
/// primary is a running node; the search for a running primary below is a guard, not the rule.
/// </summary>
internal static class DemoHealing
{
    private const int MaxEpochs = 300;
    private const int MaxRounds = 5;

    /// <summary>How long the demo waits for the chain to mark the stopped nodes offline.</summary>
    private static readonly TimeSpan OfflineWaitLimit = TimeSpan.FromSeconds(60);

    /// <summary>Waits until the chain flags every one of <paramref name="stoppedIds"/> offline; the time it took, or null after <see cref="OfflineWaitLimit"/>.</summary>
    private static Task<TimeSpan?> WaitUntilOfflineAsync(LocalCluster cluster, IReadOnlySet<string> stoppedIds) => Ui.WithProgressAsync(async board =>
    {
        var bar = board.Add($"chain marking the {stoppedIds.Count} stopped nodes offline", stoppedIds.Count, v => $"{v:0}");
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < OfflineWaitLimit)
        {
            int offline = stoppedIds.Count(id => cluster.Chain.State.Masternodes.TryGetValue(id, out var m) && m.Offline);
            bar.Update(offline);
            if (offline == stoppedIds.Count) { bar.Complete(); return clock.Elapsed; }
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
        bar.Complete();
        return (TimeSpan?)null;
    });

    public static async Task<bool> RunAsync(LocalCluster cluster, DemoHeights heights, string artworkId, IReadOnlyList<int> stopped, IReadOnlySet<string> stoppedIds, TimeSpan offlineAfter, Random random)
    {
        var waited = await WaitUntilOfflineAsync(cluster, stoppedIds);
        Ui.Step(waited is { } w
            ? $"7. the chain marked the {stoppedIds.Count} stopped masternodes offline {w.TotalSeconds:0.0} s later (no storage report for offline-after = {offlineAfter.TotalSeconds:0} s): placement, custody and audits now skip them"
            : $"7. [yellow]the chain had not marked every stopped masternode offline after {OfflineWaitLimit.TotalSeconds:0} s[/]");
        var joining = stopped.OrderBy(_ => random.Next()).Take(Math.Max(1, stopped.Count / 3)).ToList();
        var sinceLastJoined = new Stopwatch();
        await Ui.WithProgressAsync(async board =>
        {
            var bar = board.Add($"{joining.Count} new nodes joining", joining.Count + 1, v => $"{v:0}");
            await DemoCluster.StartNewcomersAsync(cluster, joining, started =>
            {
                sinceLastJoined.Restart();
                bar.Update(started);
            });
            // The newcomers are members once a storage report of theirs from after their registration is sealed; then every
            // node's cached masternode list must take them in, or the others refuse their requests (as LocalCluster.StartAsync waits).
            await cluster.WaitForMembersAsync();
            bar.Update(joining.Count + 1);
            bar.Complete();
            return true;
        });
        foreach (var node in cluster.RunningNodes) node.WatchArtwork(artworkId);
        Ui.Step($"8. {joining.Count} new masternodes joined; {cluster.RunningNodes.Count()} of {cluster.Chain.State.Masternodes.Count} registered masternodes are running");
        if (DemoCluster.Clustered(cluster))
        {
            var settled = await DemoCluster.SettleAsync(cluster, "cluster taking in the new members");
            int members = cluster.RunningNodes.Count();
            Ui.Step(settled is null
                ? $"   [yellow]cluster: the members' views did not agree within the limit[/]: {Markup.Escape(DemoCluster.Describe(cluster))}"
                : $"   cluster: {members} members Up in {sinceLastJoined.Elapsed.TotalSeconds:0.0} s (every node sees all {members}, timed from the last new node's start); heals run in the artwork's actor, on its custodian");
        }

        var clock = Stopwatch.StartNew();
        long moved = 0, maintenance = 0, restored = 0;
        for (int round = 1; round <= MaxRounds; round++)
        {
            // The custodian measures, decodes, encodes and places in one call that reports nothing until it ends: the bar shows the round is running.
            var outcome = await Ui.WithProgressAsync(async board =>
            {
                var bar = board.Add($"heal round {round} (custodian measures, repairs)", 0);
                var checkedReport = await heights.HoldAsync(() => CheckByLivePrimaryAsync(cluster, artworkId));
                bar.Complete();
                return checkedReport;
            });
            if (outcome is null)
            {
                Ui.Error($"   no epoch in {MaxEpochs} had a running custodian primary and verifier");
                return false;
            }
            if (outcome.Value.Error is { } error)
            {
                // A check cut short (its actor stopped, the ask timed out) changes nothing on the chain: the next round asks again.
                Ui.Step($"   round {round}: [yellow]the check did not report[/]: {Markup.Escape(error)}");
                continue;
            }
            var report = outcome.Value.Report!;
            moved += report.BytesMoved - report.MaintenanceBytesMoved;
            maintenance += report.MaintenanceBytesMoved;
            if (report.Failure is not null) await cluster.Chain.SealNowAsync(); // the next round is another epoch
            restored += report.BytesRestored;
            var after = report.After is { } a ? $"{a.Redundancy:0.00}" : "unchanged";
            Ui.Step($"   round {round} (epoch {report.EpochHeight}): redundancy [bold]{report.Before.Redundancy:0.00}[/] measured ({report.Before.BlocksAvailable} of {report.Before.BlocksKnown} blocks found intact), " +
                $"{report.BlocksAdded} blocks added, {report.BlocksCopied} copies to new holders, after {after}" +
                (report.Failure is null ? "" : $"; [red]{Markup.Escape(report.Failure)}[/]") + ActorPlace(cluster, outcome.Value.Primary, outcome.Value.ActorHome));
            if (report.BlocksAdded == 0 && report.BlocksCopied == 0 && report.Failure is null && report.Before.Redundancy >= cluster.RunningNodes.First().Settings.Healing.Policy.HealBelow)
            {
                // Measuring and healing restore the artwork's redundancy; maintenance restores each block's holder count.
                var traffic = restored > 0
                    ? $"repair traffic {moved / (double)restored:0.00} bytes moved per byte of redundancy restored (each new block goes to {HoldersText(cluster.RunningNodes.First().Settings.HoldersPerBlock)}; the rest is the survey and the blocks fetched to decode)"
                    : "no new blocks were needed (redundancy never fell below heal-below; fewer --holders make the loss deeper)";
                traffic += $"; holder maintenance moved {ByteSize.Format(maintenance)} more";
                Ui.Step($"9. healthy: a fresh measurement finds redundancy {report.Before.Redundancy:0.00} after {clock.Elapsed.TotalSeconds:0.0} s; {traffic}");
                return true;
            }
        }
        Ui.Error($"   still below target after {MaxRounds} rounds");
        return false;
    }

    private static string HoldersText(int holders) => holders == 1 ? "its one holder" : $"its {holders} holders";

    /// <summary>How long a round waits for the custody rules to read the held head and for the coordinator to move the artwork's shard to its custodian.</summary>
    private static readonly TimeSpan PlacementLimit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Asks the running custodian primary of the held head (sealing heights until one has a running verifier too) to
    /// check the artwork. In the cluster the check goes through the sharded region: first every node's custody rule
    /// reads the held head, and the round waits until the coordinator has the artwork's shard on that primary (or on no
    /// one yet: the first message allocates it there), so the artwork's actor runs on its custodian.
    /// </summary>
    /// <summary>Where the check ran, in the cluster: the sharded artwork actor's member, which should be the custodian that was asked.</summary>
    private static string ActorPlace(LocalCluster cluster, NodeHost primary, string? home)
    {
        if (primary.ClusterAddress is null) return "";
        if (home == primary.ClusterAddress) return $"; its actor ran on the custodian {primary.NodeId[..12]} (sharded region)";
        var other = cluster.RunningNodes.FirstOrDefault(n => n.ClusterAddress == home);
        return home is null ? "; [yellow]the coordinator reported no home for its actor[/]"
            : $"; [yellow]its actor ran on {(other is null ? home : other.NodeId[..12])}, not on the custodian {primary.NodeId[..12]}[/]";
    }

    private static async Task<(CheckReport? Report, NodeHost Primary, string? ActorHome, string? Error)?> CheckByLivePrimaryAsync(LocalCluster cluster, string artworkId)
    {
        for (int epoch = 0; epoch < MaxEpochs; epoch++)
        {
            var head = cluster.Chain.State.Head;
            var custodians = Custody.Custodians(artworkId, head, cluster.Chain.State.Masternodes.Values, 2);
            var running = cluster.RunningNodes.ToDictionary(n => n.NodeId, StringComparer.Ordinal);
            if (running.TryGetValue(custodians[0], out var primary) && custodians.Skip(1).Any(running.ContainsKey))
            {
                bool clustered = primary.ClusterAddress is not null;
                if (clustered) await PlaceOnPrimaryAsync(cluster, primary, artworkId, head.Height);
                CheckReport? report;
                try { report = await primary.CheckArtworkAsync(artworkId); }
                catch (Exception e) when (e is not OperationCanceledException) { return (null, primary, null, e.Message); }
                if (report is not null) return (report, primary, clustered ? await HomeOrNullAsync(primary, artworkId) : null, null);
            }
            await cluster.Chain.SealNowAsync();
        }
        return null;
    }

    private static async Task PlaceOnPrimaryAsync(LocalCluster cluster, NodeHost primary, string artworkId, long height)
    {
        var clock = Stopwatch.StartNew();
        if (!await ClusterShards.RefreshRostersAsync(cluster, height, PlacementLimit)) return;
        while (clock.Elapsed < PlacementLimit)
        {
            var home = await HomeOrNullAsync(primary, artworkId);
            if (home is null || home == primary.ClusterAddress) return;
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    private static async Task<string?> HomeOrNullAsync(NodeHost node, string artworkId)
    {
        try { return await ClusterShards.HomeOfAsync(node, artworkId, TimeSpan.FromSeconds(5)); }
        catch (Exception e) when (e is Akka.Actor.AskTimeoutException or TaskCanceledException or TimeoutException) { return null; }
    }
}
