using System.Globalization;
using System.Text;

namespace Fountain.Chain.Transactions;

/// <summary>
/// A heal adds blocks to an artwork's ticket (DESIGN.md, the data path: "custodian ► ... ► amend ticket"). Signed
/// (as the transaction) by the custodian primary of <paramref name="EpochHeight"/>, and carrying the signature of one
/// of that epoch's custody verifiers over <see cref="SignedContent"/>: two of the three custodians vouch for the
/// new blocks. The custody selection is <see cref="Selection.Custody"/>.
/// <para>
/// <paramref name="BasedOnAmendments"/> is the number of amendments the ticket had when the heal measured it. The
/// chain accepts an amendment only while the ticket still has exactly that many, so of two heals measured from the
/// same ticket (an old primary that placed its blocks and then died, and the next epoch's primary) at most one lands,
/// even when their index sets do not overlap: the second was planned without the first's blocks and would overshoot.
/// </para>
/// </summary>
public sealed record AmendArtwork(
    string ArtworkId,
    long EpochHeight,
    int BasedOnAmendments,
    IReadOnlyList<Model.TicketBlock> AddedBlocks,
    string Reason,
    string VerifierPublicKey,
    string VerifierSignature) : TransactionPayload
{
    /// <summary>
    /// What the verifier signs: the chain, the artwork, the epoch, the amendments the heal was based on, the primary,
    /// the reason and each added block. (v2: v1 lacked the amendment count, so a primary could have replayed a
    /// verifier's signature against a later ticket.)
    /// </summary>
    public static byte[] SignedContent(string chainId, string primaryId, string artworkId, long epochHeight, int basedOnAmendments, string reason, IEnumerable<Model.TicketBlock> addedBlocks)
    {
        var text = new StringBuilder("fountain/amend/v2\n")
            .Append(chainId).Append('\n').Append(artworkId).Append('\n')
            .Append(epochHeight.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(basedOnAmendments.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(primaryId).Append('\n').Append(reason).Append('\n');
        foreach (var block in addedBlocks) text.Append(block.Index.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(block.BlockId).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The content this payload's verifier signed, for a given primary (the transaction's signer).</summary>
    public byte[] SignedContent(string chainId, string primaryId) =>
        SignedContent(chainId, primaryId, ArtworkId, EpochHeight, BasedOnAmendments, Reason, AddedBlocks ?? []);
}

/// <summary>
/// The outcome of a storage challenge (seed fountain-blocks.txt, storage challenges; DESIGN.md "audit"): the
/// challenger (the transaction's signer) asked <paramref name="TargetId"/> for the SHA3-256 of bytes
/// [<paramref name="Offset"/>, <paramref name="Offset"/> + <paramref name="Length"/>) of a block of the artwork,
/// chosen at <paramref name="EpochHeight"/>. When the target answered, <paramref name="ResponseHash"/> is its answer
/// and <paramref name="TargetSignature"/> its signature over <see cref="ResponseContent"/>, so a passed challenge
/// proves the target answered and a failed one can show the wrong answer. A failed challenge without an answer (the
/// deadline passed) carries neither. The challenger's own signature is the transaction's.
/// </summary>
public sealed record ReportChallenge(
    string TargetId,
    string ArtworkId,
    string BlockId,
    long Offset,
    long Length,
    long EpochHeight,
    bool Passed,
    string? ResponseHash,
    string? TargetSignature) : TransactionPayload
{
    /// <summary>What the target signs when it answers a challenge.</summary>
    public static byte[] ResponseContent(string chainId, string challengerId, string targetId, string artworkId, string blockId, long offset, long length, long epochHeight, string responseHash) =>
        Encoding.UTF8.GetBytes(string.Join('\n',
            "fountain/challenge-response/v1", chainId, challengerId, targetId, artworkId, blockId,
            offset.ToString(CultureInfo.InvariantCulture), length.ToString(CultureInfo.InvariantCulture),
            epochHeight.ToString(CultureInfo.InvariantCulture), responseHash));

    public byte[] ResponseContent(string chainId, string challengerId) =>
        ResponseContent(chainId, challengerId, TargetId, ArtworkId, BlockId, Offset, Length, EpochHeight, ResponseHash ?? "");
}
