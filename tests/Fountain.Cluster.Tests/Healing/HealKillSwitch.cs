using Fountain.Node.Healing;

namespace Fountain.Cluster.Tests.Healing;

/// <summary>
/// Freezes one node's heal at a chosen point, as if its process had been killed there: the probe of that node, once
/// <see cref="At"/> says the point is reached, never returns (until the node is stopped and the heal cancelled), and
/// every later probe call of that node freezes too, so no further block is placed and nothing is submitted. Blocks
/// whose uploads were already in flight may still land, as with a real kill.
/// </summary>
internal sealed class HealKillSwitch
{
    private readonly TaskCompletionSource<HealPoint> _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile int _target = -1;

    /// <summary>The point to freeze at; read on the heal's threads.</summary>
    public Func<HealPoint, bool> At { get; set; } = _ => false;

    /// <summary>The point the heal was frozen at.</summary>
    public Task<HealPoint> Reached => _reached.Task;

    /// <summary>Arms the switch for node <paramref name="index"/>; -1 disarms it.</summary>
    public void Arm(int index) => _target = index;

    public HealingSettings Install(int index, HealingSettings settings) => settings with { Probe = (point, cancellation) => ProbeAsync(index, point, cancellation) };

    private async Task ProbeAsync(int index, HealPoint point, CancellationToken cancellation)
    {
        if (_target != index) return;
        if (!_reached.Task.IsCompleted && !At(point)) return;
        _reached.TrySetResult(point);
        await Task.Delay(Timeout.Infinite, cancellation);
    }
}
