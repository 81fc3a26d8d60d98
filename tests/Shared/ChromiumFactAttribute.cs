namespace Fountain.Testing;

/// <summary>A fact that needs headless Chromium: skipped, with the reason, when FOUNTAIN_TEST_CHROMIUM (set by .ci/run) names no executable.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Variable = "FOUNTAIN_TEST_CHROMIUM";

    public ChromiumFactAttribute()
    {
        string? path = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
            Skip = $"{Variable} is not set to a Chromium executable (.ci/run sets it; locally: apt-get install -y chromium, then export {Variable}=/usr/bin/chromium).";
    }
}
