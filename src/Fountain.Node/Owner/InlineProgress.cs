namespace Fountain.Node.Owner;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its handler on the reporting thread. <see cref="Progress{T}"/> posts each
/// report to the thread pool, so reports can arrive out of order (bytes sent going backwards); the caller's own
/// <see cref="IProgress{T}"/> decides where its handler runs. The CLI's progress bars take reports from any thread.
/// </summary>
public sealed class InlineProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
