namespace Fountain.Lab.Engine;

/// <summary>A policy: reads the state, decides, and returns signals (cadCAD: <c>p(params, substep, sH, s) -> dict</c>).</summary>
public delegate Signals Policy(StepContext context, LabState state);

/// <summary>A state update function: the new value of one variable from the state and the block's aggregated signals.</summary>
public delegate object StateUpdateFunction(StepContext context, LabState state, Signals signals);

/// <summary>A state update function bound to the variable it updates (cadCAD returns the pair <c>(name, value)</c>).</summary>
public sealed record StateUpdate(string Variable, StateUpdateFunction Function);

/// <summary>
/// A partial state update block, run as one substep: every policy sees the state as the substep began, their
/// signals are aggregated (<see cref="Aggregation"/>, a sum by default), then every update function sees that
/// same state and the aggregated signals, and all updates land together in the next state. Variables no function
/// updates carry over unchanged.
/// </summary>
public sealed record PartialStateUpdateBlock(
    string Name,
    IReadOnlyList<Policy> Policies,
    IReadOnlyList<StateUpdate> Updates,
    SignalAggregation? Aggregation = null)
{
    public SignalAggregation EffectiveAggregation => Aggregation ?? SignalAggregation.Sum;
}
