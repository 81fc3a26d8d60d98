namespace Fountain.Node.Owner;

/// <summary>The stages of a store, in the order they happen (a store through a masternode skips the local ones).</summary>
public enum StoreStage
{
    /// <summary>The archive goes to the entry masternode: <see cref="StoreProgress.Done"/> of <see cref="StoreProgress.Total"/> bytes sent.</summary>
    SendingArchive,

    /// <summary>
    /// The masternode encodes the archive and places the blocks; it tells nothing until it has finished, so the total
    /// is unknown (0) until then, and then the blocks placed of the blocks made.
    /// </summary>
    NodeEncodingAndPlacing,

    /// <summary>The owner encodes: blocks made of the blocks the redundancy needs.</summary>
    Encoding,

    /// <summary>The owner uploads: blocks handed to all their holders (or given up on) of all blocks; <see cref="StoreProgress.Bytes"/> sent so far.</summary>
    Uploading,

    /// <summary>The ticket is signed and sent; the store waits for a sealed height to include it.</summary>
    Registering,
}

/// <summary>
/// How far a store has got, for progress bars: <see cref="Done"/> of <see cref="Total"/> units of the stage (bytes for
/// <see cref="StoreStage.SendingArchive"/>, blocks otherwise; a total of 0 means not yet known), and the bytes moved.
/// Reports are only observations: a store makes the same requests, in the same order, with or without a listener.
/// </summary>
public sealed record StoreProgress(StoreStage Stage, long Done, long Total, long Bytes = 0);
