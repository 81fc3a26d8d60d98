using System.Buffers.Binary;
using Fountain.Codec.Artwork;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;
using Fountain.Codec.Tests.Support;

namespace Fountain.Codec.Tests.Artwork;

/// <summary>
/// A folder holding enough genuine blocks decodes, whatever a few crafted files beside them claim: the format, the
/// artwork and the code are those the majority of the blocks agree on, and the others are skipped with a reason.
/// </summary>
public sealed class FolderMajorityTests : IDisposable
{
    private static readonly byte[] Archive = V1TestSupport.RandomBytes(40_000, 77);
    private static readonly Hash256 ArtworkId = Sha3.Hash(Archive);
    private readonly string _folder = Directory.CreateTempSubdirectory("fountain-majority-tests-").FullName;

    public FolderMajorityTests()
    {
        var options = new EncodeOptions { Layout = V1TestSupport.SmallBlocks, MaxDegreeOfParallelism = 2 };
        ArtworkEncoder.Encode(Archive, ArtworkId, options, ArtworkEncoder.ToDirectory(_folder));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Plant(uint index, byte[] content)
    {
        var path = Path.Combine(_folder, BlockFileName.Format(ArtworkId, index, Sha3.Hash(content)));
        File.WriteAllBytes(path, content);
        return Path.GetFileName(path);
    }

    private void AssertDecodesBitExact(FolderDecodeResult result, params string[] skippedFiles)
    {
        Assert.True(result.Complete, $"not complete: {result.BlocksUsed} used; first skipped: {string.Join("; ", result.Skipped.Take(3).Select(s => s.File + ": " + s.Reason))}");
        Assert.Equal(Archive, result.Archive.ToArray());
        Assert.Equal("v1", result.Format);
        foreach (var file in skippedFiles)
            Assert.Contains(result.Skipped, s => s.File == file);
    }

    [Fact]
    public void A_garbage_file_named_as_block_zero_does_not_decide_the_format()
    {
        // The lowest index used to pick the format: a file without the v1 magic made every genuine block "not pastel-v0".
        var planted = Plant(0, V1TestSupport.RandomBytes(5000, 1));
        AssertDecodesBitExact(BlockFolderDecoder.Decode(_folder, ArtworkId), planted);
    }

    [Fact]
    public void Block_zero_with_the_v1_magic_and_a_hostile_header_is_skipped()
    {
        var genuine = File.ReadAllBytes(Directory.EnumerateFiles(_folder).Order(StringComparer.Ordinal).First());
        var hostile = (byte[])genuine.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(hostile.AsSpan(68), 0);
        var planted = Plant(0, hostile);
        AssertDecodesBitExact(BlockFolderDecoder.Decode(_folder, ArtworkId), planted);
    }

    [Fact]
    public void Self_consistent_blocks_of_another_code_for_the_same_artwork_are_outvoted()
    {
        // Genuinely valid blocks of the same archive in another layout (another T, K, M): each one is correct on its
        // own, names its own hash, and sorts first. They used to fix the code, so every genuine block was refused.
        var otherLayout = V1TestSupport.SmallBlocks with { TargetSourceSymbols = 64, MinSymbolBytes = 512 };
        Assert.NotEqual(V1TestSupport.SmallBlocks.LayoutFor(Archive.Length), otherLayout.LayoutFor(Archive.Length));
        var planted = new List<string>();
        var options = new EncodeOptions { Layout = otherLayout, Redundancy = 1, MaxDegreeOfParallelism = 1 };
        ArtworkEncoder.Encode(Archive, ArtworkId, options, (header, id, block) =>
        {
            if (header.BlockIndex <= 3) lock (planted) planted.Add(Plant(header.BlockIndex, block.ToArray()));
            return null;
        });
        foreach (var original in Directory.EnumerateFiles(_folder).Where(f => f.Contains("__Block__000000001__") && !planted.Contains(Path.GetFileName(f))))
            File.Delete(original);
        var result = BlockFolderDecoder.Decode(_folder, ArtworkId);
        AssertDecodesBitExact(result, [.. planted]);
        Assert.All(result.Skipped.Where(s => planted.Contains(s.File)), s => Assert.Contains("majority", s.Reason));
    }

    [Fact]
    public void A_block_whose_seed_breaks_the_seed_rule_of_the_others_is_skipped()
    {
        // Block 1 is replaced by a forgery with the right code but block 2's seed and a junk payload: used first, it
        // poisoned the symbols (and made the genuine block 2 a "duplicate seed"), so the archive failed its hash.
        var files = Directory.EnumerateFiles(_folder).ToList();
        var first = files.Single(f => f.Contains("__Block__000000001__"));
        var second = File.ReadAllBytes(files.Single(f => f.Contains("__Block__000000002__")));
        File.Delete(first);
        var forged = new byte[second.Length];
        second.AsSpan(0, BlockHeader.Size).CopyTo(forged);
        BinaryPrimitives.WriteUInt32LittleEndian(forged.AsSpan(68), 1);
        new Random(3).NextBytes(forged.AsSpan(BlockHeader.Size));
        Assert.NotEqual(LtEncoder.BlockSeedFor(ArtworkId, 1), BinaryPrimitives.ReadUInt64LittleEndian(forged.AsSpan(72)));
        var planted = Plant(1, forged);
        AssertDecodesBitExact(BlockFolderDecoder.Decode(_folder, ArtworkId), planted);
    }

    [Fact]
    public void Two_files_that_claim_the_same_index_are_kept_for_last()
    {
        // A forgery of block 3 with block 3's header (right code, right seed) and a junk payload, named so that it
        // sorts before the genuine block 3. Nothing in a header tells the two apart, so neither is trusted while
        // other blocks can finish the decode.
        var genuine = File.ReadAllBytes(Directory.EnumerateFiles(_folder).Single(f => f.Contains("__Block__000000003__")));
        var genuineName = Path.GetFileName(Directory.EnumerateFiles(_folder).Single(f => f.Contains("__Block__000000003__")));
        byte[] forged;
        int attempt = 0;
        do
        {
            forged = (byte[])genuine.Clone();
            new Random(attempt++).NextBytes(forged.AsSpan(BlockHeader.Size));
        }
        while (string.CompareOrdinal(BlockFileName.Format(ArtworkId, 3, Sha3.Hash(forged)), genuineName) > 0);
        Plant(3, forged);
        AssertDecodesBitExact(BlockFolderDecoder.Decode(_folder, ArtworkId));
    }

    [Fact]
    public void Without_an_artwork_id_a_stray_block_of_another_artwork_does_not_stop_the_decode()
    {
        var stray = V1TestSupport.Encode(V1TestSupport.RandomBytes(2000, 5))[0];
        var otherId = Sha3.Hash(V1TestSupport.RandomBytes(2000, 5));
        var name = BlockFileName.Format(otherId, 0 + stray.Index, stray.Id);
        File.WriteAllBytes(Path.Combine(_folder, name), stray.Bytes);
        var result = BlockFolderDecoder.Decode(_folder);
        AssertDecodesBitExact(result, name);
        Assert.Equal(ArtworkId, result.ArtworkId);
    }

    [Fact]
    public void Two_artworks_that_could_each_be_decoded_still_need_a_choice()
    {
        var other = V1TestSupport.RandomBytes(10_000, 78);
        var options = new EncodeOptions { Layout = V1TestSupport.SmallBlocks, MaxDegreeOfParallelism = 2 };
        ArtworkEncoder.Encode(other, Sha3.Hash(other), options, ArtworkEncoder.ToDirectory(_folder));
        Assert.Contains("several artworks", Assert.Throws<InvalidDataException>(() => BlockFolderDecoder.Decode(_folder)).Message);
        AssertDecodesBitExact(BlockFolderDecoder.Decode(_folder, ArtworkId));
    }
}
