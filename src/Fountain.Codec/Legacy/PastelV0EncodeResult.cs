namespace Fountain.Codec.Legacy;

/// <summary>What a pastel-v0 encode produced.</summary>
/// <param name="ArchiveSha3Hex">SHA3-256 of the archive (the artwork id), lower-case hex, as in every file name.</param>
/// <param name="BlockCount">Blocks handed to the sink.</param>
/// <param name="SourceSymbols">K, the number of payload-sized source symbols the archive was cut into.</param>
/// <param name="PayloadBytes">Bytes of each block's payload (block size − 44).</param>
/// <param name="FirstSeed">Seed of the first block; later seeds follow from it.</param>
public sealed record PastelV0EncodeResult(string ArchiveSha3Hex, int BlockCount, int SourceSymbols, int PayloadBytes, uint FirstSeed);
