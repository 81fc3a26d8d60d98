namespace Fountain.Node.Healing;

/// <summary>Where a heal has got to when it calls its <see cref="HealProbe"/>.</summary>
internal enum HealStep
{
    /// <summary>The archive is decoded; nothing is placed yet.</summary>
    Decoded,

    /// <summary>One more fresh block was acknowledged by a holder; <see cref="HealPoint.BlocksPlaced"/> counts them.</summary>
    BlockPlaced,

    /// <summary>A custody verifier signed the amendment; it is not submitted yet.</summary>
    AmendmentSigned,

    /// <summary>The chain accepted the amendment; the heal has not reported back to its actor yet.</summary>
    AmendmentSubmitted,
}

internal readonly record struct HealPoint(HealStep Step, int BlocksPlaced);

/// <summary>
/// A test's view into a running heal: awaited at each <see cref="HealStep"/>, so a test can stop the node at a chosen
/// point (a probe that never returns freezes the heal there, as a killed process would be). Only tests set one
/// (<see cref="HealingSettings.Probe"/>, not configurable from HOCON); without one a heal runs exactly as it would.
/// </summary>
internal delegate Task HealProbe(HealPoint point, CancellationToken cancellation);
