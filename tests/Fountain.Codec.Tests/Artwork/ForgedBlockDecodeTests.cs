using Fountain.Codec.Artwork;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;

namespace Fountain.Codec.Tests.Artwork;

/// <summary>
/// Issue 12, hole 1 in the codec: a well-formed block of random payload, named by its own hash, makes a decode miss
/// the artwork hash. That is hostile input (InconsistentBlocksException), never "a bug in the encoder"; and once the
/// archive is known from genuine blocks, encoding again tells the forgery from the genuine blocks.
/// </summary>
public sealed class ForgedBlockDecodeTests
{
    [Fact]
    public void A_forged_block_is_reported_as_inconsistent_input_and_re_encoding_singles_it_out()
    {
        var archive = new byte[100_000];
        new Random(3).NextBytes(archive);
        var artworkId = Sha3.Hash(archive);
        var layout = new LtLayoutPolicy { MaxBlockBytes = 8 * 1024 };
        var p = layout.LayoutFor(archive.Length);
        var blocks = new List<(uint Index, Hash256 Id, byte[] Bytes)>();
        ArtworkEncoder.Encode(archive, artworkId, new EncodeOptions { Layout = layout, Redundancy = 4 }, (header, id, block) =>
        {
            lock (blocks) blocks.Add((header.BlockIndex, id, block.ToArray()));
            return null;
        });
        blocks.Sort((a, b) => a.Index.CompareTo(b.Index));
        uint forgedIndex = blocks[^1].Index + 1;
        var header = new BlockHeader(artworkId, p, forgedIndex, LtEncoder.BlockSeedFor(artworkId, forgedIndex));
        var forged = new byte[header.BlockBytes];
        header.WriteTo(forged);
        new Random(4).NextBytes(forged.AsSpan(BlockHeader.Size));
        var forgedId = Sha3.Hash(forged);

        var decoder = new ArtworkDecoder(artworkId, parameters: p);
        Assert.Equal(BlockOutcome.Accepted, decoder.Offer(forged, forgedId).Outcome); // well formed, and it is its own hash
        var error = Assert.Throws<InconsistentBlocksException>(() =>
        {
            foreach (var (_, id, bytes) in blocks) if (decoder.Offer(bytes, id).Outcome == BlockOutcome.Completed) break;
        });
        Assert.DoesNotContain("encoder", error.Message);

        var clean = new ArtworkDecoder(artworkId, parameters: p);
        foreach (var (_, id, bytes) in blocks) if (clean.Offer(bytes, id).Outcome == BlockOutcome.Completed) break;
        Assert.True(clean.IsComplete);
        var check = new ReencodingCheck(artworkId, clean.Archive, p);
        Assert.False(check.Matches(forgedIndex, forgedId));
        Assert.All(blocks, b => Assert.True(check.Matches(b.Index, b.Id)));
    }

    [Fact]
    public void A_folder_decode_leaves_out_a_crafted_block_file_named_by_its_own_hash_and_lists_it_as_forged()
    {
        var folder = Directory.CreateTempSubdirectory("fountain-forged-folder-").FullName;
        try
        {
            var archive = new byte[100_000];
            new Random(5).NextBytes(archive);
            var artworkId = Sha3.Hash(archive);
            var layout = new LtLayoutPolicy { MaxBlockBytes = 8 * 1024 };
            var p = layout.LayoutFor(archive.Length);
            ArtworkEncoder.Encode(archive, artworkId, new EncodeOptions { Layout = layout, Redundancy = 4 }, ArtworkEncoder.ToDirectory(folder));
            // Block 1, read first, is replaced by a crafted one: the right header, random symbols, named by its own hash.
            foreach (var genuine in Directory.GetFiles(folder, "*__Block__000000001__*")) File.Delete(genuine);
            var header = new BlockHeader(artworkId, p, 1, LtEncoder.BlockSeedFor(artworkId, 1));
            var forged = new byte[header.BlockBytes];
            header.WriteTo(forged);
            new Random(6).NextBytes(forged.AsSpan(BlockHeader.Size));
            var forgedName = BlockFileName.Format(artworkId, 1, Sha3.Hash(forged));
            File.WriteAllBytes(Path.Combine(folder, forgedName), forged);

            var result = BlockFolderDecoder.Decode(folder);
            Assert.True(result.Complete);
            Assert.Equal(archive, result.Archive.ToArray());
            Assert.Contains(result.Skipped, s => s.File == forgedName && s.Reason.StartsWith("forged", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
