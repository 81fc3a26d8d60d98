using Akka.Actor;
using Fountain.Chain.Model;
using Fountain.Chain.Transactions;
using Fountain.Node.Configuration;
using Fountain.Node.Concurrency;
using Fountain.Node.Network;
using Fountain.Node.Peers;
using Fountain.Node.Storage;
using Microsoft.Extensions.Logging;

namespace Fountain.Node.Challenges;

/// <summary>
/// Runs this node's challenge rounds: on its timer (every <c>report-interval</c>, when <c>fountain.challenges.enabled</c>)
/// it looks at the head, and when a new epoch has begun (a height divisible by <c>epoch-heights</c>) it plans the
/// epoch from that height's hash (<see cref="ChallengePlan"/>) and spawns a <see cref="ChallengerActor"/> for every
/// challenge this node must issue. Tests drive epochs themselves with <see cref="RunEpochAsync"/>. A round that finds
/// the previous one still running is skipped, so rounds never pile up.
/// <para>
/// The plan is computed over the chain's ticket listing (at most <c>max-planned-artworks</c> tickets, the same first ones
/// on every node), so nodes plan alike; every challenge is sound in any case: the block is one the target must hold by
/// placement, and the chain checks the challenger itself.
/// </para>
/// </summary>
internal sealed class ChallengeScheduler : IAsyncDisposable
{
    private readonly NodeSettings _settings;
    private readonly ChainView _chain;
    private readonly ActorSystem _actors;
    private readonly BlockStore _store;
    private readonly string _nodeId;
    private readonly IPeers _peers;
    private readonly ChainSender _sender;
    private readonly ILogger _log;
    private readonly NonOverlappingTimer? _timer;
    private long _issued, _passed, _failed, _abandoned, _refused;

    /// <param name="actors">Where the challenger actors run: the node's actor system.</param>
    /// <param name="store">This node's blocks: a challenger's expected hash comes from its own copy when it has one.</param>
    /// <param name="nodeId">This node: the challenger of the challenges it issues.</param>
    /// <param name="peers">Fetches copies from other holders and asks the targets.</param>
    /// <param name="sender">Submits the reports, in turn with the node's other transactions.</param>
    public ChallengeScheduler(NodeSettings settings, string nodeId, TimeProvider clock, ChainView chain, ActorSystem actors, BlockStore store, IPeers peers,
        ChainSender sender, ILogger log)
    {
        _settings = settings;
        _chain = chain;
        _actors = actors;
        _store = store;
        _nodeId = nodeId;
        _peers = peers;
        _sender = sender;
        _log = log;
        if (settings.Challenges.Enabled)
            _timer = new NonOverlappingTimer(clock, settings.ReportInterval, TickAsync);
    }

    /// <summary>The last epoch (its height) this node ran; -1 before the first.</summary>
    public long LastEpoch { get; private set; } = -1;

    /// <summary>Challenges issued, passed, failed, abandoned (no verified copy), and reports the chain refused.</summary>
    public (long Issued, long Passed, long Failed, long Abandoned, long Refused) Counts =>
        (Interlocked.Read(ref _issued), Interlocked.Read(ref _passed), Interlocked.Read(ref _failed), Interlocked.Read(ref _abandoned), Interlocked.Read(ref _refused));

    private async Task TickAsync(CancellationToken cancellation)
    {
        try
        {
            var head = await _chain.Chain.GetHeadAsync(cancellation).ConfigureAwait(false);
            long epochHeight = head.Height - head.Height % _settings.Challenges.EpochHeights;
            if (epochHeight <= LastEpoch) return;
            var epoch = await _chain.Chain.GetHeightAsync(epochHeight, cancellation).ConfigureAwait(false);
            if (epoch is not null) await RunEpochAsync(epoch, cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _log.LogWarning(e, "challenge round failed; the next epoch tries again");
        }
    }

    /// <summary>Plans the epoch and issues this node's challenges; returns when each is judged and its report submitted.</summary>
    public async Task<IReadOnlyList<ChallengeOutcome>> RunEpochAsync(ChainHead epoch, CancellationToken cancellation = default)
    {
        LastEpoch = epoch.Height;
        var settings = _settings.Challenges;
        var masternodes = await _chain.Chain.GetMasternodesAsync(cancellation).ConfigureAwait(false);
        var tickets = await KnownTicketsAsync(settings.MaxPlannedArtworks, cancellation).ConfigureAwait(false);
        var mine = ChallengePlan.For(epoch, masternodes, tickets.Values, settings.MaxRangeBytes, settings.ChallengesPerTarget, settings.RejoinGraceHeights).Where(c => c.ChallengerId == _nodeId).ToList();
        if (mine.Count == 0) return [];
        var chainId = await _chain.GetChainIdAsync(cancellation).ConfigureAwait(false);
        var duties = new NodeChallengeDuties(_nodeId, _store, _peers, _sender, chainId, epoch.Height, masternodes, tickets);
        // A challenger bounds its own work (the answer deadline, the chain client's timeouts on each submission); the
        // ask waits for all of that and a margin.
        var timeout = settings.AnswerDeadline + _settings.RequestTimeout * (_settings.ChainSubmitAttempts + 2);
        var running = mine.Select(challenge =>
        {
            var challenger = _actors.ActorOf(ChallengerActor.Props(challenge, duties, settings.AnswerDeadline));
            Interlocked.Increment(ref _issued);
            return challenger.Ask<ChallengeOutcome>(IssueChallenge.Instance, timeout, cancellation);
        }).ToList();
        var outcomes = await Task.WhenAll(running).WaitAsync(cancellation).ConfigureAwait(false);
        foreach (var o in outcomes) Count(o);
        return outcomes;
    }

    private void Count(ChallengeOutcome o)
    {
        switch (o.Verdict)
        {
            case ChallengeVerdict.Passed: Interlocked.Increment(ref _passed); break;
            case ChallengeVerdict.Abandoned: Interlocked.Increment(ref _abandoned); break;
            default: Interlocked.Increment(ref _failed); break;
        }
        if (o.Submission is { Accepted: false }) Interlocked.Increment(ref _refused);
        var level = o.Verdict == ChallengeVerdict.Passed && o.Reported ? LogLevel.Debug : LogLevel.Warning;
        _log.Log(level, "challenge of {Target} on block {Block} at epoch {Epoch}: {Verdict} ({Detail})",
            o.Challenge.TargetId, o.Challenge.BlockId, o.Challenge.EpochHeight, o.Verdict, o.Detail);
    }

    /// <summary>
    /// The first <paramref name="max"/> tickets of the chain's listing (in artwork-id order), read afresh for each epoch.
    /// Every node reads the same first tickets, so while the chain lists no more than <paramref name="max"/>, every node
    /// plans the same epoch and each target is audited once; beyond it, artworks past the bound are not audited.
    /// </summary>
    private async Task<Dictionary<string, ArtworkTicket>> KnownTicketsAsync(int max, CancellationToken cancellation)
    {
        var tickets = new Dictionary<string, ArtworkTicket>(StringComparer.Ordinal);
        await new TicketRotation().ReadRoundAsync(_chain.Chain, max, t => tickets[t.ArtworkId] = t, cancellation).ConfigureAwait(false);
        return tickets;
    }

    public ValueTask DisposeAsync() => _timer?.DisposeAsync() ?? ValueTask.CompletedTask;
}
