using Akka.Actor;
using Fountain.Actors.Codec;
using Prometheus;

namespace Fountain.Node.Status;

/// <summary>
/// One node's Prometheus metrics (prometheus-net), in a registry of its own so that several nodes in one process
/// (<c>fountain cluster up</c>, tests) never mix their figures. The figures of the status page are copied in from a
/// <see cref="NodeStatusSnapshot"/> when /metrics is scraped; the signed API's requests are counted as they finish
/// (<see cref="RequestMeter"/>); codec bytes come from the actor system's <see cref="CodecMeter"/> and mailbox depths
/// from <see cref="MailboxDepths"/>, both read at scrape time.
/// </summary>
internal sealed class NodeMetrics
{
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly SemaphoreSlim _scraping = new(1, 1);
    private readonly Gauge _storage, _blocksHeld, _chainHeight, _members, _heals, _artworksListed, _artworkRedundancy, _artworkBlocksHere, _mailbox, _actors;
    private readonly Counter _quarantined, _holderReadsRefused, _challenges, _challengesIssued, _reportsRefused, _codecEncoded, _codecDecoded, _refusals;

    public NodeMetrics()
    {
        var f = Metrics.WithCustomRegistry(_registry);
        _storage = f.CreateGauge("fountain_storage_bytes", "This node's block storage: total (its capacity), used, free, and pending (blocks not on a ticket yet).", "kind");
        _blocksHeld = f.CreateGauge("fountain_blocks_held", "Blocks in this node's store.");
        _quarantined = f.CreateCounter("fountain_blocks_quarantined_total", "Blocks this node's scrubber found corrupt and moved out of the store.");
        _holderReadsRefused = f.CreateCounter("fountain_holder_reads_refused_total", "Block reads refused to the block's own placed holders (anti-outsourcing).");
        _refusals = f.CreateCounter("fountain_api_refusals_total", "Requests the signed API refused, by kind (unsigned, bad-signature, wrong-target, placed-holder-read, ...).", "kind");
        _challengesIssued = f.CreateCounter("fountain_challenges_issued_total", "Storage challenges this node issued.");
        _challenges = f.CreateCounter("fountain_challenges_total", "Storage challenges this node issued, by verdict.", "verdict");
        _reportsRefused = f.CreateCounter("fountain_challenge_reports_refused_total", "Challenge reports of this node the chain refused.");
        _chainHeight = f.CreateGauge("fountain_chain_height", "The chain height this node saw last.");
        _members = f.CreateGauge("fountain_members", "Masternodes the chain lists, by state at the head.", "state");
        _heals = f.CreateGauge("fountain_heals", "Heals (ticket amendments) on the listed artworks: made by this node as custodian primary, or by any node.", "by");
        _artworksListed = f.CreateGauge("fountain_artworks_listed", "Artworks the status page lists (the first of the chain's listing).");
        _artworkRedundancy = f.CreateGauge("fountain_artwork_ticket_redundancy", "Payload bytes of the blocks on an artwork's ticket / archive bytes.", "artwork");
        _artworkBlocksHere = f.CreateGauge("fountain_artwork_blocks_held_here", "Blocks of an artwork this node holds.", "artwork");
        _codecEncoded = f.CreateCounter("fountain_codec_encoded_bytes_total", "Block bytes this node's codec actors encoded.");
        _codecDecoded = f.CreateCounter("fountain_codec_decoded_bytes_total", "Verified block bytes this node's codec actors decoded.");
        _mailbox = f.CreateGauge("fountain_actor_mailbox_messages", "Messages waiting in the mailboxes of this node's actors at the scrape, by actor class.", "actor");
        _actors = f.CreateGauge("fountain_actors", "This node's running actors at the scrape, by actor class.", "actor");
        Requests = new RequestMeter(f);
    }

    /// <summary>Counts and times the signed API's requests.</summary>
    public RequestMeter Requests { get; }

    /// <summary>Brings every metric up to date and writes the registry in Prometheus' text format.</summary>
    /// <remarks>One scrape at a time: the labelled gauges are replaced as a whole, and two scrapes interleaved would mix their series.</remarks>
    public async Task WriteAsync(NodeStatusSnapshot status, ActorSystem actors, Stream output, CancellationToken cancellation)
    {
        await _scraping.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            Update(status);
            var codec = CodecMeter.Get(actors);
            _codecEncoded.IncTo(codec.EncodedBytes);
            _codecDecoded.IncTo(codec.DecodedBytes);
            var depths = MailboxDepths.Of(actors);
            Replace(_mailbox, depths.Select(d => (d.Actor, (double)d.Messages)));
            Replace(_actors, depths.Select(d => (d.Actor, (double)d.Actors)));
            await _registry.CollectAndExportAsTextAsync(output, cancellation).ConfigureAwait(false);
        }
        finally
        {
            _scraping.Release();
        }
    }

    private void Update(NodeStatusSnapshot s)
    {
        _storage.WithLabels("total").Set(s.Storage.TotalBytes);
        _storage.WithLabels("used").Set(s.Storage.UsedBytes);
        _storage.WithLabels("free").Set(s.Storage.FreeBytes);
        _storage.WithLabels("pending").Set(s.Storage.PendingBytes);
        _blocksHeld.Set(s.Storage.BlocksHeld);
        _quarantined.IncTo(s.Quarantined);
        _holderReadsRefused.IncTo(s.HolderReadsRefused);
        foreach (var (kind, count) in s.Refusals) _refusals.WithLabels(kind).IncTo(count);
        _challengesIssued.IncTo(s.Challenges.Issued);
        _challenges.WithLabels("passed").IncTo(s.Challenges.Passed);
        _challenges.WithLabels("failed").IncTo(s.Challenges.Failed);
        _challenges.WithLabels("abandoned").IncTo(s.Challenges.Abandoned);
        _reportsRefused.IncTo(s.Challenges.ReportsRefused);
        _chainHeight.Set(s.ChainHeight);
        foreach (var state in new[] { MemberStates.Member, MemberStates.AwaitingFirstReport, MemberStates.Offline, MemberStates.Penalised, MemberStates.Disqualified })
            _members.WithLabels(state).Set(s.Members.Count(m => m.State == state));
        _heals.WithLabels("this_node").Set(s.Heals.ByThisNode);
        _heals.WithLabels("any").Set(s.Heals.Total);
        _artworksListed.Set(s.Artworks.Count);
        Replace(_artworkRedundancy, s.Artworks.Select(a => (a.ArtworkId, a.TicketRedundancy)));
        Replace(_artworkBlocksHere, s.Artworks.Select(a => (a.ArtworkId, (double)a.BlocksHeldHere)));
    }

    /// <summary>Sets a labelled gauge to exactly these series: labels no longer present are removed, not left at their last value.</summary>
    private static void Replace(Gauge gauge, IEnumerable<(string Label, double Value)> series)
    {
        var current = series.ToDictionary(s => s.Label, s => s.Value, StringComparer.Ordinal);
        foreach (var labels in gauge.GetAllLabelValues().ToList())
            if (!current.ContainsKey(labels[0])) gauge.RemoveLabelled(labels);
        foreach (var (label, value) in current) gauge.WithLabels(label).Set(value);
    }
}
