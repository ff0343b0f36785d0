using System.Diagnostics;
using Benchmarks.Stack;

namespace Benchmarks.Drills;

// Kills the Workers while they write a backlog: every Worker killed, the load builds a backlog, the
// Workers are started (without waiting for health, which comes after they begin consuming) and killed
// again as soon as the first of the backlog is stored, or half a second after a consumer attached.
public static class WorkerMidBatchKill
{
    private static readonly TimeSpan IntoConsuming = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(2);

    public static async Task<string> RunAsync(BenchmarkStack stack, ClickLedger ledger, IReadOnlyList<string> workers, DrillTarget target, TimeSpan backlogFor, CancellationToken cancellationToken)
    {
        var firstPids = stack.Stack.StartedProcessIds();
        foreach (var worker in workers)
        {
            await stack.KillAsync(worker, cancellationToken);
        }
        await Task.Delay(backlogFor, cancellationToken);
        var messaging = stack.ConnectionString("messaging");
        var (backlog, _) = await ClickQueue.ReadAsync(messaging, cancellationToken);
        var storedBefore = await ledger.RecordedAsync(target.Code, cancellationToken);

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
                throw new TimeoutException($"No Worker attached to the clicks queue within {StartLimit} of being started. The Workers' last log lines:\n{string.Join('\n', stack.Stack.LogLines("worker").TakeLast(40))}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
        var attachedAfter = clock.Elapsed;
        long storedAtKill;
        while ((storedAtKill = await ledger.RecordedAsync(target.Code, cancellationToken)) == storedBefore && clock.Elapsed < attachedAfter + IntoConsuming)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
        var killAfter = clock.Elapsed - attachedAfter;
        var confirmedAtKill = target.Confirmed();
        var (queuedAtKill, _) = await ClickQueue.ReadAsync(messaging, cancellationToken);

        foreach (var worker in workers)
        {
            await WaitUntilRunningAgainAsync(stack, worker, firstPids[worker], cancellationToken);
            await stack.KillAsync(worker, cancellationToken);
        }
        // A message carries a batch of click events, so the queue's count of messages is not a count of clicks.
        return $"backlog of {backlog:N0} messages (each a batch of click events) when the Workers were started; a consumer attached {attachedAfter.TotalSeconds:N1} s later; " +
            $"the kill began {killAfter.TotalSeconds:N1} s after that, with {storedAtKill - storedBefore:N0} clicks stored since the start, {confirmedAtKill:N0} clicks confirmed by the broker " +
            $"and {queuedAtKill:N0} messages waiting in the queue";
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
