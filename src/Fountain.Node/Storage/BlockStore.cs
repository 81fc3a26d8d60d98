using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;

namespace Fountain.Node.Storage;

/// <summary>
/// Content-addressed block files under the data folder, indexed in SQLite (DESIGN.md, "Actors": the
/// BlockHolderActor "persists blocks (write to temp, fsync, rename; index in SQLite)").
/// <para>
/// A write goes to a temporary file beside the final one, is flushed to disk, renamed to the block's id, and
/// only then indexed. A crash before the rename leaves no visible block, only a <c>.partial</c> file that the
/// next start deletes; a crash after the rename but before the index insert leaves a file that the next start
/// re-hashes and indexes (as pending), or deletes if its content does not match its name.
/// </para>
/// <para>
/// Mutations (<see cref="Put"/>, <see cref="Delete"/>, <see cref="Confirm"/>, <see cref="Quarantine"/>) must come from one
/// thread at a time: the node's BlockHolderActor, their only caller, serialises them. Reads (<see cref="Find"/>, <see cref="OpenRead"/>,
/// <see cref="HashRange"/>, <see cref="ListArtwork"/>) may run on any thread at any time.
/// </para>
/// </summary>
internal sealed class BlockStore : IBlockStore, IDisposable
{
    private const int StreamBufferBytes = 64 * 1024;
    private const int RangeHashChunkBytes = 16 * 1024;
    private const int ReconcilePageRows = 1000;

    private readonly BlockPaths _paths;
    private readonly BlockIndex _index;
    private readonly TimeProvider _clock;
    private long _usedBytes;
    private long _pendingBytes;
    private long _blockCount;

    private BlockStore(BlockPaths paths, BlockIndex index, long capacityBytes, TimeProvider clock)
    {
        _paths = paths;
        _index = index;
        CapacityBytes = capacityBytes;
        _clock = clock;
    }

    /// <summary>Simulated crash points, for tests of atomicity; <see cref="StoreCrashPoint.None"/> in production.</summary>
    internal StoreCrashPoint CrashPoint { get; set; }

    public long CapacityBytes { get; }
    public long UsedBytes => Interlocked.Read(ref _usedBytes);
    public long PendingBytes => Interlocked.Read(ref _pendingBytes);
    public long BlockCount => Interlocked.Read(ref _blockCount);
    /// <summary>
    /// What is left of the capacity, but never more than the disk really has: a node must not report (and the
    /// supply oracle must not count) bytes it could not store.
    /// </summary>
    public long FreeBytes => Math.Max(0, Math.Min(CapacityBytes - UsedBytes, DiskAvailableBytes()));

    public StorageFigures Figures => new(CapacityBytes, UsedBytes, FreeBytes, BlockCount);

    /// <summary>
    /// Opens (creating if needed) the store under <paramref name="dataFolder"/>: deletes leftovers of interrupted
    /// writes, indexes complete files the index missed (pending until <paramref name="orphanGrace"/> from now),
    /// and drops index rows whose file is gone.
    /// </summary>
    public static BlockStore Open(string dataFolder, long capacityBytes, TimeSpan orphanGrace, TimeProvider clock, BlockLimits limits)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityBytes);
        var paths = new BlockPaths(dataFolder);
        Directory.CreateDirectory(paths.BlocksFolder);
        var index = new BlockIndex(paths.IndexFile);
        var store = new BlockStore(paths, index, capacityBytes, clock);
        try
        {
            store.Reconcile(orphanGrace, limits);
            (store._blockCount, store._usedBytes, store._pendingBytes) = index.Totals();
            return store;
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes a block whose content the caller has verified against <paramref name="blockId"/>. A pending block
    /// (<paramref name="pendingUntil"/> set) is deleted after that time unless confirmed; storing a block already
    /// held as pending without a deadline confirms it. Pending blocks may use at most <paramref name="maxPendingBytes"/>.
    /// </summary>
    public PutOutcome Put(Hash256 blockId, BlockHeader header, ReadOnlySpan<byte> block, DateTimeOffset? pendingUntil, long maxPendingBytes = long.MaxValue)
    {
        if (_index.Find(blockId) is { } existing)
        {
            if (existing.IsPending && pendingUntil is null) Confirm(blockId);
            return PutOutcome.AlreadyHeld;
        }
        if (UsedBytes + block.Length > CapacityBytes) return PutOutcome.Full;
        if (pendingUntil is not null && PendingBytes + block.Length > maxPendingBytes) return PutOutcome.PendingFull;

        var finalPath = _paths.FileOf(blockId);
        Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
        var temporaryPath = _paths.TemporaryFileOf(blockId);
        bool renamed = false;
        try
        {
            using (var file = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None))
            {
                file.Write(block);
                file.Flush(flushToDisk: true);
            }
            if (CrashPoint == StoreCrashPoint.AfterTemporaryWrite) throw new SimulatedCrashException(CrashPoint);
            File.Move(temporaryPath, finalPath, overwrite: true);
            renamed = true;
            if (CrashPoint == StoreCrashPoint.AfterRename) throw new SimulatedCrashException(CrashPoint);
            _index.Insert(new StoredBlock(blockId, header.ArtworkId, header.BlockIndex, block.Length, _clock.GetUtcNow(), pendingUntil));
        }
        catch (SimulatedCrashException)
        {
            // A crash runs no clean-up: whatever is on disk now is what the next start finds.
            throw;
        }
        catch
        {
            // A failed write leaves nothing behind (DESIGN.md, conventions).
            TryDelete(temporaryPath);
            if (renamed) TryDelete(finalPath);
            throw;
        }
        Interlocked.Add(ref _usedBytes, block.Length);
        Interlocked.Increment(ref _blockCount);
        if (pendingUntil is not null) Interlocked.Add(ref _pendingBytes, block.Length);
        return PutOutcome.Stored;
    }

    /// <summary>Removes a block: first from the index (so no reader is sent to it), then its file.</summary>
    public bool Delete(Hash256 blockId)
    {
        if (_index.Find(blockId) is not { } row) return false;
        if (!_index.Delete(blockId)) return false;
        TryDelete(_paths.FileOf(blockId));
        Interlocked.Add(ref _usedBytes, -row.Bytes);
        Interlocked.Decrement(ref _blockCount);
        if (row.IsPending) Interlocked.Add(ref _pendingBytes, -row.Bytes);
        return true;
    }

    /// <summary>Marks a pending block as confirmed by its artwork's ticket; it is kept from now on.</summary>
    public bool Confirm(Hash256 blockId)
    {
        if (_index.Find(blockId) is not { IsPending: true } row || !_index.Confirm(blockId)) return false;
        Interlocked.Add(ref _pendingBytes, -row.Bytes);
        return true;
    }

    public StoredBlock? Find(Hash256 blockId) => _index.Find(blockId);

    public DateTimeOffset? PendingUntil(Hash256 blockId) => _index.Find(blockId)?.PendingUntil;

    public IReadOnlyList<StoredBlock> ListArtwork(Hash256 artworkId, int limit) => _index.ListArtwork(artworkId, limit);

    public IReadOnlyList<StoredBlock> Pending(int limit) => _index.Pending(limit);

    /// <summary>One page of all held blocks in block id order, after <paramref name="afterBlockId"/> ("" for the first page): for scrubbing.</summary>
    public IReadOnlyList<StoredBlock> Page(string afterBlockId, int limit) => _index.Page(afterBlockId, limit);

    /// <summary>The path of a held block's file, for the scrubber (and the misbehaviour tests, which corrupt it on purpose).</summary>
    internal string FileOf(Hash256 blockId) => _paths.FileOf(blockId);

    /// <summary>
    /// Takes a corrupt block out of service: out of the index first (no reader is sent to it any more), then its file
    /// is moved into <paramref name="quarantineFolder"/> (kept for inspection, never served). False when it is not held.
    /// </summary>
    public bool Quarantine(Hash256 blockId, string quarantineFolder)
    {
        if (_index.Find(blockId) is not { } row || !_index.Delete(blockId)) return false;
        Directory.CreateDirectory(quarantineFolder);
        try
        {
            File.Move(_paths.FileOf(blockId), Path.Combine(quarantineFolder, blockId + BlockPaths.BlockExtension), overwrite: true);
        }
        catch (FileNotFoundException)
        {
            // Already gone: the index row is removed all the same.
        }
        Interlocked.Add(ref _usedBytes, -row.Bytes);
        Interlocked.Decrement(ref _blockCount);
        if (row.IsPending) Interlocked.Add(ref _pendingBytes, -row.Bytes);
        return true;
    }

    /// <summary>
    /// Opens a held block for reading (a stream: blocks are never loaded whole to be served), or null. Unbuffered:
    /// every reader reads in chunks of its own, so a stream buffer would only add a copy and an allocation.
    /// </summary>
    public FileStream? OpenRead(Hash256 blockId)
    {
        if (_index.Find(blockId) is null) return null;
        try
        {
            return new FileStream(_paths.FileOf(blockId), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            return null; // deleted between the lookup and the open
        }
    }

    /// <summary>
    /// SHA3-256 of bytes [offset, offset + length) of a held block, read in a stream (the storage challenge of
    /// the fountain-blocks seed: "hash of a random byte range"). Null when the block is not held; an
    /// <see cref="ArgumentOutOfRangeException"/> when the range does not lie within the block.
    /// </summary>
    public Hash256? HashRange(Hash256 blockId, long offset, long length)
    {
        using var file = OpenRead(blockId);
        if (file is null) return null;
        if (offset < 0 || length < 0 || offset > file.Length || length > file.Length - offset)
            throw new ArgumentOutOfRangeException(nameof(offset), $"the range [{offset}, {offset}+{length}) is not within the block's {file.Length} bytes");
        file.Position = offset;
        using var hasher = Sha3.CreateIncremental();
        // A stack buffer: a challenge costs no heap allocation and leaves nothing behind in a shared pool.
        Span<byte> buffer = stackalloc byte[RangeHashChunkBytes];
        long left = length;
        while (left > 0)
        {
            int read = file.Read(buffer[..(int)Math.Min(buffer.Length, left)]);
            if (read == 0) throw new IOException($"block {blockId} ended early while hashing");
            hasher.AppendData(buffer[..read]);
            left -= read;
        }
        return Sha3.Finish(hasher);
    }

    private long DiskAvailableBytes()
    {
        try { return new DriveInfo(_paths.BlocksFolder).AvailableFreeSpace; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException) { return long.MaxValue; }
    }

    private void Reconcile(TimeSpan orphanGrace, BlockLimits limits)
    {
        foreach (var path in Directory.EnumerateFiles(_paths.BlocksFolder, "*", SearchOption.AllDirectories))
        {
            if (path.EndsWith(BlockPaths.TemporarySuffix, StringComparison.Ordinal)) { TryDelete(path); continue; }
            if (!BlockPaths.TryParseFileName(path, out var id) || _paths.FileOf(id) != path) continue; // not ours: leave it alone
            if (_index.Find(id) is not null) continue;
            if (ReadVerifiedHeader(path, id, limits) is { } header)
            {
                var bytes = new FileInfo(path).Length;
                _index.Insert(new StoredBlock(id, header.ArtworkId, header.BlockIndex, bytes, _clock.GetUtcNow(), _clock.GetUtcNow() + orphanGrace));
            }
            else
            {
                TryDelete(path);
            }
        }
        // Rows whose file is gone (deleted by hand, a lost disk) are dropped, one page at a time.
        string after = "";
        while (true)
        {
            var page = _index.Page(after, ReconcilePageRows);
            foreach (var row in page)
            {
                if (!File.Exists(_paths.FileOf(row.BlockId))) _index.Delete(row.BlockId);
            }
            if (page.Count < ReconcilePageRows) break;
            after = page[^1].BlockId.ToString();
        }
    }

    /// <summary>The header of a block file whose whole content hashes to its name, or null.</summary>
    private static BlockHeader? ReadVerifiedHeader(string path, Hash256 id, BlockLimits limits)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, StreamBufferBytes, FileOptions.SequentialScan);
            Span<byte> head = stackalloc byte[BlockHeader.Size];
            if (file.ReadAtLeast(head, BlockHeader.Size, throwOnEndOfStream: false) < BlockHeader.Size) return null;
            if (!BlockHeader.TryParse(head, limits, out var header, out _) || header!.BlockBytes != file.Length) return null;
            file.Position = 0;
            return Sha3.Hash(file) == id ? header : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    public void Dispose() => _index.Dispose();
}

/// <summary>Where <see cref="BlockStore.Put"/> stops as if the process died, in tests of crash safety.</summary>
internal enum StoreCrashPoint
{
    None,
    AfterTemporaryWrite,
    AfterRename,
}

/// <summary>Thrown at a <see cref="StoreCrashPoint"/>; the store skips all clean-up, as a dead process would.</summary>
internal sealed class SimulatedCrashException(StoreCrashPoint point) : Exception($"simulated crash {point}");
