using Fountain.Codec.Hashing;

namespace Fountain.Codec.Artwork;

/// <summary>
/// Every block matched the id it was offered under, yet together they decode to an archive that does not hash to the
/// artwork id: at least one of those ids vouched for symbols that are not the archive's (issue 12, hole 1). A listed id
/// only proves a block is the one that was listed, not that whoever listed it encoded it from the archive: a hostile
/// custodian can amend a ticket with well-formed blocks of random payload, and a block file names its own hash. This is
/// hostile or corrupted input (an IOException: the data read is inconsistent), never taken for a bug of the encoder; callers that know where each block came from
/// decode again without the suspects (<see cref="ReencodingCheck"/> then names them).
/// </summary>
public sealed class InconsistentBlocksException(Hash256 artworkId, int blocksUsed, string? detail = null)
    : IOException($"The decoded archive does not hash to artwork id {artworkId}, although each of the {blocksUsed} blocks used matched its id: " +
                           "some of them carry symbols that were not encoded from this archive (forged or corrupted before they were named). " +
                           (detail ?? "Decode again without them."))
{
    public Hash256 ArtworkId { get; } = artworkId;
    public int BlocksUsed { get; } = blocksUsed;
}
