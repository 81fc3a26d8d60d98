using Fountain.Codec.Legacy;

namespace Fountain.Codec.Tests.Legacy;

/// <summary>Helpers shared by the pastel-v0 tests.</summary>
internal static class PastelV0TestSupport
{
    /// <summary>A block as the encoder handed it out: its file name and a copy of its bytes.</summary>
    internal sealed record EncodedBlock(string Name, byte[] Bytes);

    /// <summary>Deterministic archive bytes both this suite and the Python driver can produce: (131·i + i/128) mod 256.</summary>
    public static byte[] PatternArchive(int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)((i * 131) + (i >> 7));
        }

        return bytes;
    }

    public static byte[] RandomArchive(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static List<EncodedBlock> Encode(byte[] archive, int blockSize, double redundancy, uint firstSeed)
    {
        var blocks = new List<EncodedBlock>();
        PastelV0Encoder.Encode(archive, blockSize, redundancy, firstSeed, (name, bytes) => blocks.Add(new EncodedBlock(name, bytes.ToArray())));
        return blocks;
    }

    /// <summary>Feeds blocks until the decoder completes; every block must be accepted.</summary>
    public static PastelV0Decoder DecodeAll(IEnumerable<EncodedBlock> blocks)
    {
        var decoder = new PastelV0Decoder();
        foreach (var block in blocks)
        {
            if (decoder.IsComplete)
            {
                break;
            }

            Assert.True(decoder.TryAdd(block.Bytes, block.Name, out string? reason), reason);
        }

        return decoder;
    }

    public static void Shuffle<T>(IList<T> items, Random random)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
