using Fountain.Codec.Lt;

namespace Fountain.Codec.Fuzzing;

/// <summary>
/// The fuzzer's generator: SplitMix64, the codec's own portable PRNG, so that an input number and a seed name the
/// same input on every machine and .NET version (System.Random's seeded sequence is not promised to stay the same).
/// </summary>
public sealed class FuzzRandom(ulong seed)
{
    private SplitMix64 _state = new(seed);

    public ulong NextUInt64() => _state.Next();

    /// <summary>An integer in [0, bound); 0 when bound is 0 or less.</summary>
    public int Next(int bound) => bound <= 0 ? 0 : (int)_state.NextBelow((uint)bound);

    /// <summary>An integer in [min, max).</summary>
    public int Next(int min, int max) => min + Next(max - min);

    public bool Chance(int oneIn) => Next(oneIn) == 0;

    public void NextBytes(Span<byte> bytes)
    {
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)_state.Next();
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
}
