using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;
using Fountain.Node.Network;

namespace Fountain.Node.BlockPlacement;

/// <summary>
/// What one run of the <see cref="PlacementPipeline"/> makes and places: blocks [<see cref="FirstIndex"/>, + <see cref="Count"/>)
/// of an archive, each on its <see cref="HoldersPerBlock"/> selected holders in <see cref="Membership"/>.
/// </summary>
internal sealed record PlacementJob(ReadOnlyMemory<byte> Archive, Hash256 ArtworkId, LtParameters Parameters, uint FirstIndex, int Count,
    Membership Membership, int HoldersPerBlock)
{
    /// <summary>Codec workers sharing the range (at most one per block).</summary>
    public int Encoders { get; init; } = 1;

    public required TimeSpan EncodeTimeout { get; init; }

    /// <summary>Fresh blocks waiting between the encoders and the placers; the encoders wait while it is full.</summary>
    public required int QueueBlocks { get; init; }

    /// <summary>Placers, and most uploads in flight at once.</summary>
    public required int Parallelism { get; init; }

    /// <summary>Null: every selected holder is tried. Else only those in it (a heal's survey), and a block with none of them is dropped as it is made.</summary>
    public IReadOnlySet<string>? Reachable { get; init; }

    /// <summary>Null: every block is placed (a store). Else the run stops once this many are acknowledged, and never lists more (a heal).</summary>
    public int? Want { get; init; }

    /// <summary>How this node takes its own share of the blocks; null: through the peers, like any holder.</summary>
    public OwnShare? Own { get; init; }

    /// <summary>Told after each block a holder acknowledged, with the run's count of them so far (a heal's probe).</summary>
    public Func<int, CancellationToken, Task>? BlockPlaced { get; init; }
}

/// <summary>Blocks whose selected holders include <paramref name="NodeId"/> go in through <paramref name="PlaceAsync"/> (a store's intake); true when taken.</summary>
internal sealed record OwnShare(string NodeId, Func<Hash256, ReadOnlyMemory<byte>, CancellationToken, Task<bool>> PlaceAsync);

/// <summary>A block the run made and tried to place: its selected holders and those that acknowledged it (none when all failed).</summary>
internal sealed record PlacedBlock(uint Index, Hash256 Id, IReadOnlyList<string> SelectedHolders, IReadOnlyList<string> AcknowledgedBy);

/// <summary>What a run did: its blocks in index order, the block bytes it uploaded, and the most fresh-block bytes it held at once.</summary>
internal sealed record PlacementOutcome(IReadOnlyList<PlacedBlock> Blocks, long BytesUploaded, long PeakHeldBytes)
{
    public IEnumerable<PlacedBlock> Acknowledged => Blocks.Where(b => b.AcknowledgedBy.Count > 0);
}
