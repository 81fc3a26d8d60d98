using System.Text;

namespace Fountain.Lab.Engine;

/// <summary>
/// Streams results to CSV (UTF-8 without BOM, '\n' line ends): a header, then each run's rows as it is accepted.
/// <see cref="End"/> flushes and closes the writer; <see cref="Dispose"/> closes it if the experiment failed first.
/// </summary>
public sealed class CsvResultSink(TextWriter writer) : IRunSink, IDisposable
{
    public static CsvResultSink ToFile(string path) =>
        new(new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" });

    public void Begin(ExperimentPlan plan) => writer.Write(plan.CsvHeader + "\n");

    public void Accept(RunResult result) => writer.Write(result.CsvRows);

    public void End()
    {
        writer.Flush();
        writer.Dispose();
    }

    public void Dispose() => writer.Dispose();
}
