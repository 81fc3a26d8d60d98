using System.Buffers.Binary;

namespace Fountain.Codec.Fuzzing;

/// <summary>
/// Mutates a valid input into a nearby invalid one, the way parsers meet hostile data: bit flips, bytes set to
/// boundary values, truncation and extension, spliced inputs, removed, repeated or inserted ranges, and
/// edits of integer fields (at the target's known field offsets or anywhere) to values that break size arithmetic:
/// 0, 1, all ones, sign boundaries, powers of two, and near neighbours of the old value.
/// </summary>
public static class Mutator
{
    private static readonly ulong[] Interesting =
    [
        0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x1_0000, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF,
        0x1_0000_0000, 0x1_0000_0001, (1UL << 39) + 227, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, ulong.MaxValue,
        511, 512, 513, 4096, 65535, 1 << 20, 0x7FFF_FFC7, 0x7FFF_FFC8,
    ];

    /// <summary>One to five mutations of <paramref name="input"/>; <paramref name="corpus"/> supplies splice partners.</summary>
    public static byte[] Mutate(byte[] input, IReadOnlyList<byte[]> corpus, IReadOnlyList<int> fieldOffsets, FuzzRandom random)
    {
        var data = new List<byte>(input);
        int count = 1;
        while (count < 5 && random.Chance(2)) count++;
        for (int i = 0; i < count; i++) MutateOnce(data, corpus, fieldOffsets, random);
        return [.. data];
    }

    private static void MutateOnce(List<byte> data, IReadOnlyList<byte[]> corpus, IReadOnlyList<int> fieldOffsets, FuzzRandom random)
    {
        switch (random.Next(10))
        {
            case 0 when data.Count > 0:
                data[random.Next(data.Count)] ^= (byte)(1 << random.Next(8));
                break;
            case 1 when data.Count > 0:
                data[random.Next(data.Count)] = random.Chance(2) ? (byte)random.Pick(Interesting) : (byte)random.NextUInt64();
                break;
            case 2 when data.Count > 0:
                // Truncate, often right at a field, where "just long enough" checks are wrong.
                int keep = fieldOffsets.Count > 0 && random.Chance(2) ? Math.Min(data.Count, random.Pick(fieldOffsets) + random.Next(-1, 2)) : random.Next(data.Count);
                keep = Math.Max(0, keep);
                data.RemoveRange(keep, data.Count - keep);
                break;
            case 3:
                var tail = new byte[random.Next(1, 65)];
                if (random.Chance(2)) random.NextBytes(tail);
                data.AddRange(tail);
                break;
            case 4:
                var other = random.Pick(corpus);
                int cut = random.Next(data.Count + 1), from = random.Next(other.Length + 1);
                data.RemoveRange(cut, data.Count - cut);
                data.AddRange(other.AsSpan(from).ToArray());
                break;
            case 5 or 6:
                EditField(data, fieldOffsets, random);
                break;
            case 7 when data.Count > 0:
                int start = random.Next(data.Count);
                data.RemoveRange(start, random.Next(1, Math.Min(data.Count - start, 1024) + 1));
                break;
            case 8 when data.Count > 0:
                int at = random.Next(data.Count), length = random.Next(1, Math.Min(data.Count - at, 1024) + 1);
                data.InsertRange(random.Next(data.Count + 1), data.GetRange(at, length));
                break;
            default:
                var inserted = new byte[random.Next(1, 33)];
                random.NextBytes(inserted);
                data.InsertRange(random.Next(data.Count + 1), inserted);
                break;
        }
    }

    /// <summary>Overwrites a 1-, 2-, 4- or 8-byte integer, little- or big-endian, with a value that stresses size arithmetic.</summary>
    private static void EditField(List<byte> data, IReadOnlyList<int> fieldOffsets, FuzzRandom random)
    {
        int width = 1 << random.Next(4);
        if (data.Count < width) return;
        bool known = fieldOffsets.Count > 0 && !random.Chance(4); // three in four edits hit a known field
        int offset = known ? random.Pick(fieldOffsets) : random.Next(data.Count - width + 1);
        if (offset + width > data.Count) return;
        Span<byte> field = stackalloc byte[8];
        for (int i = 0; i < width; i++) field[i] = data[offset + i];
        ulong old = BinaryPrimitives.ReadUInt64LittleEndian(field);
        ulong value = random.Next(4) switch
        {
            0 => unchecked(old + (ulong)random.Next(1, 17)),
            1 => unchecked(old - (ulong)random.Next(1, 17)),
            2 => random.NextUInt64(),
            _ => random.Pick(Interesting),
        };
        if (random.Chance(4)) value = BinaryPrimitives.ReverseEndianness(value) >> (64 - 8 * width);
        BinaryPrimitives.WriteUInt64LittleEndian(field, value);
        for (int i = 0; i < width; i++) data[offset + i] = field[i];
    }
}
