namespace Fountain.Lab.Tests;

/// <summary>A fresh directory under the system's temp folder, deleted with everything in it when disposed.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix) => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    public static implicit operator string(TempDirectory directory) => directory.Path;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* a browser may still hold a file for a moment; the OS cleans temp */ }
    }
}
