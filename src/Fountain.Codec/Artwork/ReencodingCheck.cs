using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;

namespace Fountain.Codec.Artwork;

/// <summary>
/// Checks listed blocks against a verified archive by encoding them again: the encoder is deterministic (the seed of
/// block i follows from the artwork id and i, <see cref="LtEncoder.BlockSeedFor"/>), so the block an honest encoder
/// made at index i has exactly one id. A listed (index, id) whose re-encoding hashes to another id was not encoded from
/// this archive with these parameters: it is a forgery, or was made by a broken encoder, and either way it must not be
/// used. Costs one block encode (XOR and one SHA3 pass over the block) per entry checked.
/// </summary>
public sealed class ReencodingCheck
{
    private readonly LtEncoder.Worker _worker;

    /// <param name="archive">The archive, already verified against <paramref name="artworkId"/>.</param>
    public ReencodingCheck(Hash256 artworkId, ReadOnlyMemory<byte> archive, LtParameters parameters)
    {
        if (Sha3.Hash(archive.Span) != artworkId) throw new ArgumentException("The archive does not hash to the artwork id; nothing can be checked against it.", nameof(archive));
        _worker = new LtEncoder(artworkId, archive, parameters).CreateWorker();
    }

    /// <summary>True when block <paramref name="index"/> of this archive, encoded again, has the id <paramref name="blockId"/>.</summary>
    public bool Matches(uint index, Hash256 blockId) => index >= 1 && _worker.Encode(index).BlockId == blockId;

    /// <summary>The entries whose re-encoding does not give their listed id.</summary>
    public IReadOnlyList<(uint Index, Hash256 BlockId)> Mismatches(IEnumerable<(uint Index, Hash256 BlockId)> entries) =>
        entries.Where(e => !Matches(e.Index, e.BlockId)).ToList();
}
