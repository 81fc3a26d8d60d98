using System.Security.Cryptography;
using Fountain.Testing;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;
using Fountain.Node.Storage;
using Fountain.Node.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace Fountain.Node.Tests.Storage;

public sealed class BlockStoreTests : IDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);
    private readonly TempFolder _folder = new();
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);

    public void Dispose() => _folder.Dispose();

    private BlockStore Open(long capacity = 1L << 30) => BlockStore.Open(_folder.Path, capacity, Grace, _clock, BlockLimits.Default);

    private IEnumerable<string> FilesUnderBlocks() => Directory.EnumerateFiles(Path.Combine(_folder.Path, "blocks"), "*", SearchOption.AllDirectories);

    [Fact]
    public void A_stored_block_is_a_file_named_by_its_id_in_a_prefix_folder_and_reads_back_bit_exact()
    {
        var block = TestBlocks.Make(1)[0];
        using var store = Open();
        Assert.Equal(PutOutcome.Stored, store.Put(block.Id, block.Header, block.Bytes, null));
        var hex = block.Id.ToString();
        Assert.Equal(Path.Combine(_folder.Path, "blocks", hex[..2], hex + ".block"), Assert.Single(FilesUnderBlocks()));
        using (var file = store.OpenRead(block.Id)!)
        {
            var read = new byte[file.Length];
            file.ReadExactly(read);
            Assert.Equal(block.Bytes, read);
        }
        var row = store.Find(block.Id)!;
        Assert.Equal((block.Header.ArtworkId, block.Header.BlockIndex, (long)block.Bytes.Length, false), (row.ArtworkId, row.Index, row.Bytes, row.IsPending));
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeMilliseconds(), row.StoredAt.ToUnixTimeMilliseconds());
        Assert.Equal(new StorageFigures(1L << 30, block.Bytes.Length, (1L << 30) - block.Bytes.Length, 1), store.Figures);
        Assert.Equal(PutOutcome.AlreadyHeld, store.Put(block.Id, block.Header, block.Bytes, null));
        Assert.Equal(1, store.BlockCount);
    }

    [Fact]
    public void A_crash_between_the_temporary_write_and_the_rename_leaves_no_visible_block_and_the_next_start_removes_the_leftover()
    {
        var blocks = TestBlocks.Make(2);
        using (var store = Open())
        {
            store.Put(blocks[0].Id, blocks[0].Header, blocks[0].Bytes, null);
            store.CrashPoint = StoreCrashPoint.AfterTemporaryWrite;
            Assert.Throws<SimulatedCrashException>(() => store.Put(blocks[1].Id, blocks[1].Header, blocks[1].Bytes, null));
            Assert.Null(store.Find(blocks[1].Id));
            Assert.Null(store.OpenRead(blocks[1].Id));
            Assert.Equal(blocks[0].Bytes.Length, store.UsedBytes);
            Assert.Single(FilesUnderBlocks(), f => f.EndsWith(".partial", StringComparison.Ordinal)); // what the dead process left
        }
        using (var reopened = Open())
        {
            Assert.DoesNotContain(FilesUnderBlocks(), f => f.EndsWith(".partial", StringComparison.Ordinal));
            Assert.Null(reopened.Find(blocks[1].Id));
            Assert.NotNull(reopened.Find(blocks[0].Id));
            Assert.Equal((1L, (long)blocks[0].Bytes.Length), (reopened.BlockCount, reopened.UsedBytes));
        }
    }

    [Fact]
    public void A_crash_after_the_rename_but_before_the_index_is_repaired_on_start_and_a_file_that_does_not_match_its_name_is_deleted()
    {
        var blocks = TestBlocks.Make(2);
        using (var store = Open())
        {
            store.CrashPoint = StoreCrashPoint.AfterRename;
            Assert.Throws<SimulatedCrashException>(() => store.Put(blocks[0].Id, blocks[0].Header, blocks[0].Bytes, null));
            Assert.Null(store.Find(blocks[0].Id)); // not indexed, so never served
        }
        // A file under a block's name whose content is something else (a torn disk write, a tampering hand).
        var forged = Path.Combine(_folder.Path, "blocks", blocks[1].Id.ToString()[..2], blocks[1].Id + ".block");
        Directory.CreateDirectory(Path.GetDirectoryName(forged)!);
        var damaged = (byte[])blocks[1].Bytes.Clone();
        damaged[^1] ^= 1;
        File.WriteAllBytes(forged, damaged);

        using var reopened = Open();
        var repaired = reopened.Find(blocks[0].Id)!;
        Assert.True(repaired.IsPending); // its artwork's state is unknown: it must be confirmed by a ticket like any pending block
        Assert.Equal((_clock.GetUtcNow() + Grace).ToUnixTimeMilliseconds(), repaired.PendingUntil!.Value.ToUnixTimeMilliseconds());
        Assert.Null(reopened.Find(blocks[1].Id));
        Assert.False(File.Exists(forged));
        Assert.Equal(blocks[0].Bytes.Length, reopened.UsedBytes);
    }

    [Fact]
    public void A_block_beyond_the_capacity_is_refused_and_writes_nothing()
    {
        var blocks = TestBlocks.Make(3);
        long capacity = blocks[0].Bytes.Length * 2L + 10;
        using var store = Open(capacity);
        Assert.Equal(PutOutcome.Stored, store.Put(blocks[0].Id, blocks[0].Header, blocks[0].Bytes, null));
        Assert.Equal(PutOutcome.Stored, store.Put(blocks[1].Id, blocks[1].Header, blocks[1].Bytes, null));
        Assert.Equal(PutOutcome.Full, store.Put(blocks[2].Id, blocks[2].Header, blocks[2].Bytes, null));
        Assert.Null(store.Find(blocks[2].Id));
        Assert.Equal(2, FilesUnderBlocks().Count());
        Assert.Equal(new StorageFigures(capacity, capacity - 10, 10, 2), store.Figures);
        Assert.True(store.Delete(blocks[0].Id));
        // Pending blocks have a budget of their own within the capacity.
        var pendingUntil = _clock.GetUtcNow().AddMinutes(1);
        Assert.Equal(PutOutcome.PendingFull, store.Put(blocks[2].Id, blocks[2].Header, blocks[2].Bytes, pendingUntil, maxPendingBytes: blocks[2].Bytes.Length - 1));
        Assert.Null(store.Find(blocks[2].Id));
        Assert.Equal(PutOutcome.Stored, store.Put(blocks[2].Id, blocks[2].Header, blocks[2].Bytes, pendingUntil, maxPendingBytes: blocks[2].Bytes.Length));
    }

    [Fact]
    public void A_restart_keeps_every_block_its_index_row_and_the_figures()
    {
        var blocks = TestBlocks.Make(20);
        var pendingUntil = _clock.GetUtcNow().AddMinutes(3);
        using (var store = Open())
        {
            foreach (var b in blocks) store.Put(b.Id, b.Header, b.Bytes, b.Header.BlockIndex % 2 == 0 ? pendingUntil : null);
        }
        using var reopened = Open();
        Assert.Equal(20, reopened.BlockCount);
        Assert.Equal(blocks.Sum(b => (long)b.Bytes.Length), reopened.UsedBytes);
        Assert.Equal(blocks.Where(b => b.Header.BlockIndex % 2 == 0).Sum(b => (long)b.Bytes.Length), reopened.PendingBytes);
        var listed = reopened.ListArtwork(blocks[0].Header.ArtworkId, 100);
        Assert.Equal(blocks.Select(b => b.Header.BlockIndex), listed.Select(r => r.Index));
        Assert.Equal(pendingUntil.ToUnixTimeMilliseconds(), listed[1].PendingUntil!.Value.ToUnixTimeMilliseconds());
        foreach (var b in blocks)
        {
            using var file = reopened.OpenRead(b.Id)!;
            Assert.Equal(b.Id, Sha3.Hash(file));
        }
    }

    [Fact]
    public void Confirming_a_pending_block_keeps_it_and_deleting_removes_file_and_row()
    {
        var block = TestBlocks.Make(1)[0];
        using var store = Open();
        store.Put(block.Id, block.Header, block.Bytes, _clock.GetUtcNow().AddMinutes(1));
        Assert.Equal(block.Bytes.Length, store.PendingBytes);
        Assert.Single(store.Pending(10));
        Assert.True(store.Confirm(block.Id));
        Assert.False(store.Confirm(block.Id));
        Assert.Equal(0, store.PendingBytes);
        Assert.Empty(store.Pending(10));
        Assert.True(store.Delete(block.Id));
        Assert.False(store.Delete(block.Id));
        Assert.Empty(FilesUnderBlocks());
        Assert.Equal(new StorageFigures(1L << 30, 0, 1L << 30, 0), store.Figures);
    }

    [Fact]
    public void Range_hashes_are_the_SHA3_of_exactly_that_slice_and_ranges_outside_the_block_are_refused()
    {
        var block = TestBlocks.Make(1)[0];
        using var store = Open();
        store.Put(block.Id, block.Header, block.Bytes, null);
        int size = block.Bytes.Length;
        Prop.ForAll(Gen.Choose(0, size).SelectMany(o => Gen.Choose(0, size - o).Select(l => (o, l))).ToArbitrary(), range =>
        {
            var expected = Convert.ToHexStringLower(SHA3_256.HashData(block.Bytes.AsSpan(range.o, range.l)));
            return store.HashRange(block.Id, range.o, range.l)!.Value.ToString() == expected;
        }).QuickCheckThrowOnFailure();
        Assert.Throws<ArgumentOutOfRangeException>(() => store.HashRange(block.Id, size - 1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.HashRange(block.Id, -1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.HashRange(block.Id, 0, -1));
        Assert.Null(store.HashRange(TestBlocks.Make(1, seed: 9)[0].Id, 0, 1));
    }
}
