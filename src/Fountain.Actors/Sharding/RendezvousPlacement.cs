using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Fountain.Actors.Sharding;

/// <summary>
/// Rendezvous (highest-random-weight) hashing: each member scores SHA-256(len(key) ‖ key ‖ member) and the
/// lowest score owns the key (the same "lowest wins" rule as the node selection in DESIGN.md). The hash is
/// stable across processes and versions (never <c>string.GetHashCode</c>), and a membership change moves
/// only the keys of the member that left, or the keys the new member wins. The key's length prefix keeps
/// (key, member) pairs from colliding by concatenation.
/// </summary>
public sealed class RendezvousPlacement : IPlacement
{
    public static readonly RendezvousPlacement Instance = new();

    public string OwnerOf(string entityKey, IReadOnlyList<string> members)
    {
        ArgumentNullException.ThrowIfNull(entityKey);
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0) throw new ArgumentException("placement needs at least one member", nameof(members));
        Span<byte> best = stackalloc byte[32];
        Span<byte> score = stackalloc byte[32];
        string? owner = null;
        foreach (var member in members)
        {
            Score(entityKey, member, score);
            var order = owner is null ? -1 : score.SequenceCompareTo(best);
            if (order < 0 || (order == 0 && string.CompareOrdinal(member, owner) < 0))
            {
                score.CopyTo(best);
                owner = member;
            }
        }
        return owner!;
    }

    /// <summary>The score of one member for one key (exposed for tests and tools).</summary>
    public static byte[] Score(string entityKey, string member)
    {
        var result = new byte[32];
        Score(entityKey, member, result);
        return result;
    }

    private static void Score(string entityKey, string member, Span<byte> destination)
    {
        var keyLength = Encoding.UTF8.GetByteCount(entityKey);
        var total = 4 + keyLength + Encoding.UTF8.GetByteCount(member);
        var buffer = total <= 512 ? stackalloc byte[total] : new byte[total];
        BinaryPrimitives.WriteInt32BigEndian(buffer, keyLength);
        Encoding.UTF8.GetBytes(entityKey, buffer[4..]);
        Encoding.UTF8.GetBytes(member, buffer[(4 + keyLength)..]);
        SHA256.HashData(buffer, destination);
    }
}
