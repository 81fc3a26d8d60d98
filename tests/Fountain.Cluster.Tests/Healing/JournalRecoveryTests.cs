using Fountain.Node.Healing;
using Fountain.Node.Configuration;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Fountain.Cluster.Tests.Healing;

/// <summary>
/// Issue 7, item 1: "after a restart ... the new primary recovers from the ticket, the journal it has, and a fresh
/// measurement". A primary stopped after it journaled the start of a heal comes back, recovers that heal as in flight
/// from its journal, and its next check settles it against the ticket: committed if its amendment landed, failed
/// otherwise, and then it heals again.
/// </summary>
public sealed class JournalRecoveryTests(ITestOutputHelper output)
{
    /// <summary>
    /// The artwork's events as the stopped node's Akka.Persistence.Sql journal holds them (table <c>journal</c> of its SQLite
    /// file), read through the journal's explicit contract: JSON payloads named by their manifest, no CLR type names.
    /// </summary>
    internal static async Task<IReadOnlyList<ArtworkEvent>> JournalOfAsync(HealingCluster h, int node, string artworkId)
    {
        var path = Path.Combine(h.Cluster.NodeFolder(node), JournalSettings.SqliteFileName);
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT manifest, message FROM journal WHERE persistence_id = $id AND deleted = 0 ORDER BY sequence_number";
        command.Parameters.AddWithValue("$id", ArtworkActor.PersistenceIdOf(artworkId));
        var events = new List<ArtworkEvent>();
        await using var rows = await command.ExecuteReaderAsync();
        while (await rows.ReadAsync())
            events.Add((ArtworkEvent)ArtworkJournalSerializer.FromJson((byte[])rows["message"], rows.GetString(0)));
        return events;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_restarted_primary_settles_the_heal_its_journal_left_in_flight(bool amendmentLanded)
    {
        var kill = new HealKillSwitch { At = p => p.Step == (amendmentLanded ? HealStep.AmendmentSubmitted : HealStep.AmendmentSigned) };
        await using var h = await HealingCluster.StartAsync(nodes: 12, holdersPerBlock: 1, configureHealing: kill.Install);
        var (ticket, archive) = await h.StoreAsync(100_000);
        for (int i = 0; i < 6; i++) await h.Cluster.StopNodeAsync(i);
        var custody = await h.SealUntilCustodyAsync(ticket.ArtworkId, c => h.IsRunning(c[0]) && c.Skip(1).Any(h.IsRunning));
        int primary = h.IndexOf(custody[0]);
        kill.Arm(primary);

        var check = h.Cluster.Node(primary).CheckArtworkAsync(ticket.ArtworkId);
        Assert.True(await Task.WhenAny(kill.Reached, check).WaitAsync(TimeSpan.FromSeconds(60)) == kill.Reached, "the heal finished without reaching the kill point");
        await h.Cluster.StopNodeAsync(primary);
        try { await check.WaitAsync(TimeSpan.FromSeconds(30)); } catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or ObjectDisposedException) { }
        Assert.Equal(amendmentLanded ? 1 : 0, (await h.TicketAsync(ticket.ArtworkId)).Amendments.Count);

        var before = await JournalOfAsync(h, primary, ticket.ArtworkId);
        var inFlight = before.Last();
        Assert.Equal(ArtworkEvent.HealStarted, inFlight.Kind);
        Assert.Equal(0, inFlight.BasedOnAmendments);
        Assert.Equal(ticket.HighestIndex + 1, inFlight.FirstNewIndex);

        kill.Arm(-1);
        await h.Cluster.StartNodeAsync(primary);
        var report = await h.CheckOnAsync(primary, ticket.ArtworkId);
        await h.Cluster.StopNodeAsync(primary); // closes the journal so that the test can read it
        var after = (await JournalOfAsync(h, primary, ticket.ArtworkId)).Skip(before.Count).ToList();
        output.WriteLine($"amendment landed before the stop: {amendmentLanded}; journal after the restart: {string.Join(", ", after.Select(e => $"{e.Kind}@{e.FirstNewIndex}"))}; added {report.BlocksAdded}");

        var settled = after[0];
        Assert.Equal(inFlight.FirstNewIndex, settled.FirstNewIndex);
        var healed = await h.TicketAsync(ticket.ArtworkId);
        var amendment = Assert.Single(healed.Amendments);
        Assert.Equal(custody[0], amendment.PrimaryId);
        if (amendmentLanded)
        {
            Assert.Equal(ArtworkEvent.HealCommitted, settled.Kind);
            Assert.Equal(0, report.BlocksAdded);
            Assert.DoesNotContain(after, e => e.Kind == ArtworkEvent.HealStarted);
        }
        else
        {
            Assert.Equal(ArtworkEvent.HealFailed, settled.Kind);
            Assert.Null(report.Failure);
            Assert.True(report.BlocksAdded > 0, "the restarted primary heals again");
            Assert.Equal([ArtworkEvent.HealStarted, ArtworkEvent.Measured, ArtworkEvent.HealCommitted], after.Skip(1).Select(e => e.Kind));
            Assert.Equal(inFlight.FirstNewIndex, after[1].FirstNewIndex); // planned again from the same ticket
        }
        await h.Cluster.StartNodeAsync(primary); // it holds blocks too
        Assert.True(await h.TrueRedundancyAsync(healed) >= 12 - 1e-9);
        Assert.Equal(archive, await h.RetrieveAsync(ticket.ArtworkId));
    }
}
