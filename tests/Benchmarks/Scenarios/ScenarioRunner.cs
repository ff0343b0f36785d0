using System.Diagnostics;
using Benchmarks.Load;
using Benchmarks.Stack;

namespace Benchmarks.Scenarios;

// Runs one wrk scenario: an unmeasured warm-up, then the measured run, with the machine's CPU read a
// margin after it starts and the same margin before it ends (wrk still running, so its own CPU counts),
// and (for redirects) the outcomes the api replicas counted during it and the lookups that reached Redis.
public sealed class ScenarioRunner(BenchmarkStack stack, HarnessOptions options)
{
    public async Task<(WrkResult Result, CpuUse Cpu, RedirectCounts? Outcomes, long? RedisLookups, DateTime Ended)> RunAsync(
        WrkLoad load, bool warmUp, bool countRedirects, CancellationToken cancellationToken)
    {
        if (warmUp && options.WarmUp > TimeSpan.Zero)
        {
            await Wrk.RunAsync(load with { Duration = options.WarmUp }, cancellationToken);
        }
        var before = countRedirects ? await RedirectCounts.ReadSettledAsync(stack.ApiThroughProxy, cancellationToken) : null;
        var lookupsBefore = countRedirects ? await RedisLookups.ReadAsync(stack) : 0;

        var margin = load.Duration >= TimeSpan.FromSeconds(4) ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(0.25);
        var resources = ProcessCpu.ResourceOf(stack);
        var clock = Stopwatch.StartNew();
        var run = Wrk.RunAsync(load, cancellationToken);
        await Task.Delay(margin, cancellationToken);
        var first = ProcessCpu.Read(resources);
        var untilSecondReading = load.Duration - margin - clock.Elapsed;
        if (untilSecondReading > TimeSpan.Zero)
        {
            await Task.Delay(untilSecondReading, cancellationToken);
        }
        var cpu = ProcessCpu.Used(first, ProcessCpu.Read(resources));
        var result = await run;
        var ended = DateTime.UtcNow;

        var outcomes = before is null ? null : (await RedirectCounts.ReadSettledAsync(stack.ApiThroughProxy, cancellationToken)).Minus(before);
        long? redisLookups = before is null ? null : await RedisLookups.ReadAsync(stack) - lookupsBefore;
        return (result, cpu, outcomes, redisLookups, ended);
    }
}
