using System.Runtime.InteropServices;

namespace Fountain.Cli.Terminal;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM as a cancellation, for commands that run until stopped (`node run`, `cluster up`): the
/// signal is taken over (the runtime would otherwise end the process at once, or ignore it under the command-line
/// library's synchronous invocation) and the command stops what it started in order, e.g. a node leaves its cluster
/// and hands its artworks off before it exits 0. A second signal while stopping is taken over too: the stop finishes.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    /// <param name="also">Another reason to stop (the command's own cancellation), if any.</param>
    public StopSignal(CancellationToken also = default)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(also);
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _stop.Token;

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        try { _stop.Cancel(); }
        catch (ObjectDisposedException) { }
    }

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _stop.Dispose();
    }
}
