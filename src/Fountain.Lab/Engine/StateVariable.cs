namespace Fountain.Lab.Engine;

/// <summary>
/// One state variable of a model. A <see cref="Recorded"/> variable is a column of results.csv and, when
/// numeric, a chart in the report; an unrecorded one (a per-node array, say) is internal state that only the
/// model's own functions read.
/// </summary>
public sealed record StateVariable(string Name, bool Recorded = true);
