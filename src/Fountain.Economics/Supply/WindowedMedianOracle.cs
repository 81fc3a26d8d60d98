namespace Fountain.Economics.Supply;

/// <summary>
/// The supply oracle Shift shipped (issue 5, item 4b): within one round, the slots' samples are cut into
/// consecutive windows of <c>windowSlots</c> slots (10); each window's value is its most frequent sample
/// (ties go to the smaller value, the conservative supply); Y is the median of the last <c>windows</c>
/// complete windows (9). A slot whose forger missed its block has no sample (null).
/// The mode needs honest forgers to agree exactly, which they do when they read the same swarm figure
/// for a 5-minute cache period (seed, "Calculating Y", steps 2 and 4); the median of windows then rides
/// out a minority of windows that liars won.
/// </summary>
public static class WindowedMedianOracle
{
    /// <param name="slotSamples">The round's samples in slot order; null where a slot produced no block.</param>
    /// <param name="windowSlots">Slots per window (Shift: 10).</param>
    /// <param name="windows">Windows the median is taken over (Shift: the last 9).</param>
    public static Result<long> Estimate(IReadOnlyList<long?> slotSamples, int windowSlots = 10, int windows = 9)
    {
        ArgumentNullException.ThrowIfNull(slotSamples);
        if (windowSlots < 1) return Result<long>.Reject("bad-option", $"window slots must be at least 1, got {windowSlots}");
        if (windows < 1) return Result<long>.Reject("bad-option", $"windows must be at least 1, got {windows}");
        foreach (var s in slotSamples)
            if (s < 0) return Result<long>.Reject("bad-sample", $"a supply sample is negative: {s}");

        var complete = slotSamples.Count / windowSlots;
        var first = Math.Max(0, complete - windows);
        var modes = new List<long>(windows);
        for (var w = first; w < complete; w++)
        {
            var mode = Mode(slotSamples, w * windowSlots, windowSlots);
            if (mode is { } m) modes.Add(m);
        }
        if (modes.Count == 0)
            return Result<long>.Reject("no-samples", $"no complete window of {windowSlots} slots with a sample in this round");
        modes.Sort();
        var mid = modes.Count / 2;
        // An even count (a short round, or windows without any sample) takes the floor of the two middle values' mean.
        var median = modes.Count % 2 == 1 ? modes[mid] : (long)ExactMath.FloorDiv((System.Numerics.BigInteger)modes[mid - 1] + modes[mid], 2);
        return Result<long>.Ok(median);
    }

    private static long? Mode(IReadOnlyList<long?> samples, int start, int count)
    {
        var counts = new SortedDictionary<long, int>();
        for (var i = start; i < start + count; i++)
            if (samples[i] is { } s) counts[s] = counts.GetValueOrDefault(s) + 1;
        long? best = null;
        var bestCount = 0;
        foreach (var (value, c) in counts) // ascending, so a tie keeps the smaller value
            if (c > bestCount) { best = value; bestCount = c; }
        return best;
    }
}
