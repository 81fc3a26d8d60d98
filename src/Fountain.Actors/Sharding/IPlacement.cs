namespace Fountain.Actors.Sharding;

/// <summary>Decides which member owns an entity key. Every node must compute the same answer from the same member list.</summary>
public interface IPlacement
{
    /// <summary>The owner of <paramref name="entityKey"/> among <paramref name="members"/> (which is non-empty).</summary>
    string OwnerOf(string entityKey, IReadOnlyList<string> members);
}
