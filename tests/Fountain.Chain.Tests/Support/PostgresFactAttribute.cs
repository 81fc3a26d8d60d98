namespace Fountain.Chain.Tests.Support;

/// <summary>
/// A fact that needs the PostgreSQL server CI starts (`.ci/run` sets FOUNTAIN_TEST_POSTGRES); without it the test
/// reports itself as skipped rather than passing silently. (The same rule as Fountain.Actors.Tests.)
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "FOUNTAIN_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"{Variable} is not set (run .ci/run, which starts PostgreSQL)";
    }

    public static string ConnectionString => Environment.GetEnvironmentVariable(Variable)!;
}
