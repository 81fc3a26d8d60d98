using System.Security.Cryptography;
using System.Text;
using Fountain.Codec.Hashing;

namespace Fountain.Actors.Challenges;

/// <summary>One storage challenge: the challenger asks the target for SHA3-256 of bytes [Offset, Offset + Length) of a block it must hold.</summary>
public sealed record StorageChallenge(long EpochHeight, string ChallengerId, string TargetId, string ArtworkId, string BlockId, long Offset, long Length)
{
    /// <summary>Names the challenge; the chain accepts one report per id, so a result cannot be replayed.</summary>
    public string Id => Sha3.HashHex(Encoding.UTF8.GetBytes($"{EpochHeight}|{ChallengerId}|{TargetId}|{BlockId}|{Offset}|{Length}"));
}

/// <summary>
/// A target's answer to a storage challenge: the SHA3-256 (hex) of the asked byte range and the target's signature
/// over <c>ReportChallenge.ResponseContent</c> (chain id, challenger, target, artwork, block, range, epoch, hash).
/// The challenger puts both in its report, so the chain can check that the target itself gave this answer, to this
/// challenger, for this challenge; a passed report cannot be forged, and a wrong answer cannot be denied.
/// </summary>
public sealed record ChallengeAnswer(string ResponseHash, string TargetSignature);
