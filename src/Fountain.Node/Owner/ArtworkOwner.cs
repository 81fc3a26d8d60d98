using System.Collections.Concurrent;
using Fountain.Chain;
using Fountain.Chain.Identity;
using Fountain.Chain.Model;
using Fountain.Chain.Selection;
using Fountain.Chain.Transactions;
using Fountain.Codec.Artwork;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;
using Fountain.Node.Client;
using Fountain.Node.Network;
using Fountain.Node.Protocol;
using Fountain.Node.Retrieval;

namespace Fountain.Node.Owner;

/// <summary>
/// What an artwork's owner does with the network (issue 4, item 4): store an archive and register its ticket,
/// and retrieve it. Storing through a masternode: the archive goes to the artwork's custodian of the current
/// epoch (or a chosen node), which encodes it, places the blocks and returns a <see cref="TicketDraft"/>; the
/// owner checks that enough blocks were acknowledged, signs <see cref="RegisterArtwork"/> and waits until the
/// ticket is on the chain; before any of that it claims the artwork id on the chain, so that no holder that reads the id
/// in a block header can register it first. Storing with local encoding: the owner encodes into a temporary folder, registers the
/// ticket, then uploads each block to its holders itself (holders accept an owner's upload of a registered block).
/// </summary>
public sealed class ArtworkOwner(IChain chain, NodeKey owner, HttpClient http, TimeProvider? clock = null, NodeClientOptions? clientOptions = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ChainSender _sender = new(chain, owner);

    /// <param name="progress">Hears the archive's bytes sent, then the blocks the masternode placed (it answers only when done), then the registration.</param>
    public async Task<StoreOutcome> StoreThroughNodeAsync(string archivePath, StoreOptions options, IProgress<string>? status = null, CancellationToken cancellation = default,
        IProgress<StoreProgress>? progress = null)
    {
        var artworkId = HashFile(archivePath);
        var (head, masternodes) = await NetworkAsync(cancellation);
        var entry = EntryNode(artworkId, head, masternodes, options);
        // The entry node encodes and places the blocks before the ticket exists, and every holder reads the artwork id in
        // their headers: claim the id first, so that nobody else can register it (issue 12, hole 3).
        status?.Report("claiming the artwork id (signed by the owner)");
        var claim = await _sender.SendAsync(new ClaimArtwork(artworkId.ToString()), cancellation);
        if (!claim.Accepted) throw new StoreException($"the chain refused the claim on artwork {artworkId}: {claim.Rejection}");
        status?.Report($"sending the archive to masternode {entry.Id[..12]} at {entry.Endpoint}");
        long archiveBytes = new FileInfo(archivePath).Length;
        progress?.Report(new StoreProgress(StoreStage.SendingArchive, 0, archiveBytes));
        var sent = progress is null ? null : new InlineProgress<long>(bytes =>
        {
            progress.Report(new StoreProgress(StoreStage.SendingArchive, bytes, archiveBytes, bytes));
            if (bytes == archiveBytes) progress.Report(new StoreProgress(StoreStage.NodeEncodingAndPlacing, 0, 0, archiveBytes));
        });
        var draft = await Client(entry).StoreArchiveAsync(archivePath, cancellation, sent);
        if (draft.ArtworkId != artworkId.ToString())
            throw new StoreException($"masternode {entry.Id} answered for artwork {draft.ArtworkId}, not {artworkId}: refusing to register it.");

        int eligible = Placement.EligibleIds(masternodes, head.Height).Count;
        if (draft.HoldersPerBlock > eligible) status?.Report(FewerHoldersThanAsked(draft.HoldersPerBlock, eligible));
        int placed = draft.Blocks.Count(b => b.AcknowledgedBy.Count >= options.MinAcknowledgementsPerBlock);
        int acknowledgements = draft.Blocks.Sum(b => b.AcknowledgedBy.Count);
        status?.Report($"{placed} of {draft.Blocks.Count} blocks placed ({acknowledgements} acknowledgements)");
        progress?.Report(new StoreProgress(StoreStage.NodeEncodingAndPlacing, placed, draft.Blocks.Count, archiveBytes));
        if (placed < options.MinPlacedFraction * draft.Blocks.Count)
            throw new StoreException($"only {placed} of {draft.Blocks.Count} blocks were acknowledged by {options.MinAcknowledgementsPerBlock} or more holders; not registering. The placed blocks expire on their holders.");
        var result = await RegisterAsync(draft.ToRegisterArtwork(options.MaxFeeBaseUnits), options, status, progress, cancellation);
        return new StoreOutcome(draft.ArtworkId, draft.Blocks.Count, placed, acknowledgements, entry.Id, result.TransactionId, result.Height ?? head.Height);
    }

    /// <param name="progress">Hears the blocks encoded of the total, the registration, then the blocks uploaded to their holders and the bytes sent.</param>
    public async Task<StoreOutcome> StoreWithLocalEncodingAsync(ReadOnlyMemory<byte> archive, EncodeOptions encode, StoreOptions options, IProgress<string>? status = null,
        CancellationToken cancellation = default, IProgress<StoreProgress>? progress = null)
    {
        var artworkId = Sha3.Hash(archive.Span);
        var (head, masternodes) = await NetworkAsync(cancellation);
        var folder = Directory.CreateTempSubdirectory("fountain-store-").FullName;
        try
        {
            status?.Report("encoding locally");
            var parameters = encode.Layout.LayoutFor(archive.Length);
            int blockCount = parameters.BlockCountFor(encode.Redundancy);
            progress?.Report(new StoreProgress(StoreStage.Encoding, 0, blockCount));
            var encoded = progress is null ? null : new InlineProgress<int>(done => progress.Report(new StoreProgress(StoreStage.Encoding, done, blockCount)));
            var made = ArtworkEncoder.Encode(archive, artworkId, encode, ArtworkEncoder.ToDirectory(folder), encoded);
            // r holders per block (the seed's "at least 10"), but never more than there are eligible nodes.
            int holdersPerBlock = Math.Min(options.HoldersPerBlock, Placement.EligibleIds(masternodes, head.Height).Count);
            if (holdersPerBlock < options.HoldersPerBlock) status?.Report(FewerHoldersThanAsked(options.HoldersPerBlock, holdersPerBlock));
            var codec = new CodecParameters("v1", archive.Length, parameters.SourceSymbols, parameters.SymbolBytes, parameters.SymbolsPerBlock, parameters.C, parameters.Delta);
            var blocks = made.Select(b => new TicketBlock(b.Index, b.BlockId.ToString())).ToList();
            var result = await RegisterAsync(new RegisterArtwork(artworkId.ToString(), codec, blocks, holdersPerBlock, options.MaxFeeBaseUnits), options, status, progress, cancellation);

            status?.Report($"uploading {made.Count} blocks to their holders");
            var eligible = Placement.EligibleIds(masternodes, head.Height);
            var byId = masternodes.ToDictionary(m => m.Id, StringComparer.Ordinal);
            var acknowledged = new ConcurrentDictionary<uint, int>();
            int uploaded = 0;
            long bytesSent = 0;
            progress?.Report(new StoreProgress(StoreStage.Uploading, 0, made.Count));
            await Parallel.ForEachAsync(made, new ParallelOptions { MaxDegreeOfParallelism = options.UploadParallelism, CancellationToken = cancellation }, async (block, ct) =>
            {
                var bytes = await File.ReadAllBytesAsync(block.Path!, ct);
                foreach (var holder in Placement.HoldersOf(block.BlockId, eligible, holdersPerBlock))
                {
                    try
                    {
                        await Client(byId[holder]).PutBlockAsync(block.BlockId, bytes, ct);
                        acknowledged.AddOrUpdate(block.Index, 1, (_, n) => n + 1);
                        Interlocked.Add(ref bytesSent, bytes.Length);
                    }
                    catch (Exception e) when (e is HttpRequestException or NodeRequestException or TaskCanceledException or IOException) { }
                }
                progress?.Report(new StoreProgress(StoreStage.Uploading, Interlocked.Increment(ref uploaded), made.Count, Interlocked.Read(ref bytesSent)));
            });
            int placed = made.Count(b => acknowledged.GetValueOrDefault(b.Index) >= options.MinAcknowledgementsPerBlock);
            return new StoreOutcome(artworkId.ToString(), made.Count, placed, acknowledged.Values.Sum(), "local", result.TransactionId, result.Height ?? head.Height);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Fetches and decodes an artwork from its holders; the archive is verified against the artwork id.</summary>
    public async Task<RetrievalResult> RetrieveAsync(Hash256 artworkId, RetrievalOptions? options = null, IProgress<RetrievalProgress>? progress = null, CancellationToken cancellation = default)
    {
        var ticket = await chain.GetTicketAsync(artworkId.ToString(), cancellation)
            ?? throw new StoreException($"artwork {artworkId} is not registered on this chain.");
        var masternodes = await chain.GetMasternodesAsync(cancellation);
        var retriever = new ArtworkRetriever(new NodeBlockSource(http, owner, clientOptions, _clock), options);
        return await retriever.RetrieveAsync(ticket, masternodes, progress, cancellation);
    }

    private async Task<TransactionResult> RegisterAsync(RegisterArtwork registration, StoreOptions options, IProgress<string>? status, IProgress<StoreProgress>? progress,
        CancellationToken cancellation)
    {
        status?.Report("registering the ticket (signed by the owner)");
        progress?.Report(new StoreProgress(StoreStage.Registering, 0, 1));
        var result = await _sender.SendAsync(registration, cancellation);
        if (!result.Accepted) throw new StoreException($"the chain refused the registration: {result.Rejection}");

        // The ticket is visible once its height is sealed; wait for it, bounded.
        var deadline = _clock.GetUtcNow() + options.RegistrationTimeout;
        while (await chain.GetTicketAsync(registration.ArtworkId, cancellation) is null)
        {
            if (_clock.GetUtcNow() >= deadline) throw new StoreException($"the registration was accepted (transaction {result.TransactionId}) but the ticket did not appear within {options.RegistrationTimeout}.");
            await Task.Delay(TimeSpan.FromMilliseconds(200), _clock, cancellation);
        }
        progress?.Report(new StoreProgress(StoreStage.Registering, 1, 1));
        return result;
    }

    /// <summary>Placement never gives a block two copies on one node: a network of fewer eligible nodes than r keeps fewer copies, which the owner is told.</summary>
    private static string FewerHoldersThanAsked(int asked, int eligible) =>
        $"warning: {asked} holders per block, but only {eligible} masternodes are eligible: each block is kept on at most {eligible}";

    private async Task<(ChainHead Head, IReadOnlyList<Masternode> Masternodes)> NetworkAsync(CancellationToken cancellation)
    {
        var head = await chain.GetHeadAsync(cancellation);
        var masternodes = await chain.GetMasternodesAsync(cancellation);
        if (Placement.EligibleIds(masternodes, head.Height).Count == 0) throw new StoreException("the chain lists no masternode eligible to hold blocks.");
        return (head, masternodes);
    }

    private static Masternode EntryNode(Hash256 artworkId, ChainHead head, IReadOnlyList<Masternode> masternodes, StoreOptions options)
    {
        var id = options.EntryNodeId ?? Custody.Custodians(artworkId.ToString(), head, masternodes, 0).FirstOrDefault()
            ?? throw new StoreException("no masternode is eligible to take the archive.");
        return masternodes.FirstOrDefault(m => m.Id == id) ?? throw new StoreException($"masternode {id} is not registered on this chain.");
    }

    private NodeClient Client(Masternode node) => new(http, new Uri(node.Endpoint), owner, _clock, clientOptions);

    private static Hash256 HashFile(string path)
    {
        using var file = File.OpenRead(path);
        return Sha3.Hash(file);
    }
}
