using Fountain.Actors;

namespace Fountain.Actors.Tests.Kernel;

/// <summary>Small actors the kernel tests share.</summary>
internal sealed class ForwardActor<T>(ActorRef<T> target) : Actor<T>
{
    protected override void Receive(T message) => target.Tell(message);
}

/// <summary>Blocks its turn on a gate while handling "block", so that tests can fill its mailbox deterministically.</summary>
internal sealed class GateActor(ManualResetEventSlim entered, ManualResetEventSlim gate, ActorRef<string> report) : Actor<string>
{
    protected override void Receive(string message)
    {
        if (message == "block")
        {
            entered.Set();
            gate.Wait(TimeSpan.FromSeconds(30));
        }
        report.Tell(message);
    }
}

/// <summary>Counts; "fail" throws; "get" reports the count; lifecycle events are reported.</summary>
internal sealed class CounterActor(ActorRef<string> report) : Actor<string>
{
    private int _count;

    protected override void PreStart() => report.Tell("started");
    protected override void PostStop() => report.Tell("stopped");
    protected override void PostRestart(Exception cause)
    {
        report.Tell("restarted:" + cause.Message);
        base.PostRestart(cause);
    }

    protected override void Receive(string message)
    {
        switch (message)
        {
            case "fail": throw new InvalidOperationException("boom");
            case "get": report.Tell("count:" + _count); break;
            default: _count++; break;
        }
    }
}
