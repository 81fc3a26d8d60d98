namespace Fountain.Lab.Engine;

/// <summary>
/// Runs an experiment on all cores and hands the results to the sinks in output order. Each run has its own
/// generator (see <see cref="LabRandom.For"/>), so the output is the same whatever the number of threads or the
/// order they finish in. A run waits for a buffer slot before it starts, so at most
/// <see cref="Experiment.MaxBufferedRuns"/> finished runs wait in memory for an earlier one.
/// </summary>
public static class ExperimentRunner
{
    public static void Run(Experiment experiment, IReadOnlyList<IRunSink> sinks, Action<RunResult>? onRunWritten = null, CancellationToken cancellation = default)
    {
        var plan = new ExperimentPlan(experiment);
        foreach (var sink in sinks) sink.Begin(plan);

        var jobs = plan.Jobs;
        var results = new TaskCompletionSource<RunResult>[jobs.Count];
        for (int i = 0; i < results.Length; i++) results[i] = new TaskCompletionSource<RunResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var slots = new SemaphoreSlim(experiment.MaxBufferedRuns);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        int next = -1;
        int workerCount = Math.Min(experiment.MaxDegreeOfParallelism, jobs.Count);

        // Dedicated threads: runs are long CPU-bound loops, which would starve the shared thread pool.
        var workers = new Thread[workerCount];
        for (int w = 0; w < workerCount; w++)
        {
            workers[w] = new Thread(() =>
            {
                while (true)
                {
                    try { slots.Wait(stop.Token); }
                    catch (OperationCanceledException) { return; }
                    int index = Interlocked.Increment(ref next);
                    if (index >= jobs.Count) { slots.Release(); return; }
                    try { results[index].SetResult(RunComputer.Compute(plan, jobs[index])); }
                    catch (Exception e)
                    {
                        results[index].SetException(e);
                        stop.Cancel();
                        return;
                    }
                }
            }) { IsBackground = true, Name = $"lab-worker-{w}" };
            workers[w].Start();
        }

        try
        {
            for (int i = 0; i < jobs.Count; i++)
            {
                var task = results[i].Task;
                try { task.Wait(stop.Token); }
                catch (AggregateException) { /* the run failed: rethrown below with its own exception */ }
                catch (OperationCanceledException) when (!task.IsCompleted)
                {
                    // A worker failed (its run's error is rethrown below, in order) or the caller cancelled.
                    var failed = results.FirstOrDefault(r => r.Task.IsFaulted);
                    if (failed is not null) throw failed.Task.Exception!.InnerException!;
                    throw;
                }
                if (task.IsFaulted) throw task.Exception!.InnerException!;
                foreach (var sink in sinks) sink.Accept(task.Result);
                onRunWritten?.Invoke(task.Result);
                results[i] = null!; // let the run's rows be collected
                slots.Release();
            }
            foreach (var sink in sinks) sink.End();
        }
        finally
        {
            stop.Cancel();
            foreach (var worker in workers) worker.Join();
        }
    }
}
