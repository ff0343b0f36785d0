using System.Diagnostics;
using Benchmarks.Stack;

namespace Benchmarks.Drills;

// Kills the Workers while they write a backlog: every Worker killed, the load builds a backlog, the
// Workers are started (without waiting for health, which comes after they begin consuming) and killed
// again about half a second after the first consumer attached to the clicks queue.
public static class WorkerMidBatchKill
{
    private static readonly TimeSpan IntoConsuming = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(2);

    public static async Task<string> RunAsync(BenchmarkStack stack, ClickLedger ledger, IReadOnlyList<string> workers, string code, TimeSpan backlogFor, CancellationToken cancellationToken)
    {
        var firstPids = stack.Stack.StartedProcessIds();
        foreach (var worker in workers)
        {
            await stack.KillAsync(worker, cancellationToken);
        }
        await Task.Delay(backlogFor, cancellationToken);
        var messaging = stack.ConnectionString("messaging");
        var (backlog, _) = await ClickQueue.ReadAsync(messaging, cancellationToken);
        var storedBefore = await ledger.RecordedAsync(code, cancellationToken);

        foreach (var worker in workers)
        {
            var started = await stack.Stack.App.ResourceCommands.ExecuteCommandAsync(worker, KnownResourceCommands.StartCommand, cancellationToken);
            if (!started.Success)
            {
                throw new InvalidOperationException($"starting {worker}: {started.Message}");
            }
        }
        var clock = Stopwatch.StartNew();
        while ((await ClickQueue.ReadAsync(messaging, cancellationToken)).Consumers == 0)
        {
            if (clock.Elapsed > StartLimit)
            {
                throw new TimeoutException($"No Worker attached to the clicks queue within {StartLimit} of being started.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
        var attachedAfter = clock.Elapsed;
        await Task.Delay(IntoConsuming, cancellationToken);
        var storedAtKill = await ledger.RecordedAsync(code, cancellationToken);
        var (queuedAtKill, _) = await ClickQueue.ReadAsync(messaging, cancellationToken);

        foreach (var worker in workers)
        {
            await WaitUntilRunningAgainAsync(stack, worker, firstPids[worker], cancellationToken);
            await stack.KillAsync(worker, cancellationToken);
        }
        return $"backlog of {backlog:N0} messages when the Workers were started; a consumer attached {attachedAfter.TotalSeconds:N1} s later; " +
            $"killed 0.5 s after that, when {storedAtKill - storedBefore:N0} of the drill's queued clicks had been stored and {queuedAtKill:N0} messages were still queued";
    }

    // Crash needs the new process's id: the instance must show Running with a PID other than the killed one.
    private static async Task WaitUntilRunningAgainAsync(BenchmarkStack stack, string worker, int killedPid, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!(stack.Stack.Resources.Single(r => r.ResourceId == worker).Snapshot.State?.Text == KnownResourceStates.Running
            && stack.Stack.StartedProcessIds().TryGetValue(worker, out var pid) && pid != killedPid))
        {
            if (clock.Elapsed > StartLimit)
            {
                throw new TimeoutException($"{worker} was not running again within {StartLimit}.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }
}
