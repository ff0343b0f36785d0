using Benchmarks.Load;
using Benchmarks.Report;
using Benchmarks.Stack;

namespace Benchmarks.Scenarios;

// Runs one wrk scenario: an unmeasured warm-up, then the measured run, with the machine's CPU read one
// second after it starts and one second before it ends, and (for redirects) the outcomes the api
// replicas counted during it.
public sealed class ScenarioRunner(BenchmarkStack stack, HarnessOptions options)
{
    public async Task<(WrkResult Result, IReadOnlyList<CpuShare> Cpu, RedirectCounts? Outcomes, DateTime Ended)> RunAsync(
        WrkLoad load, bool warmUp, bool countRedirects, CancellationToken cancellationToken)
    {
        if (warmUp && options.WarmUp > TimeSpan.Zero)
        {
            await Wrk.RunAsync(load with { Duration = options.WarmUp }, cancellationToken);
        }
        var before = countRedirects ? await RedirectCounts.ReadSettledAsync(stack.ApiThroughProxy, cancellationToken) : null;

        var run = Wrk.RunAsync(load, cancellationToken);
        IReadOnlyList<CpuShare> cpu = [];
        if (load.Duration >= TimeSpan.FromSeconds(4))
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var first = ProcessCpu.Read(stack);
            await Task.Delay(load.Duration - TimeSpan.FromSeconds(2), cancellationToken);
            cpu = ProcessCpu.Between(first, ProcessCpu.Read(stack));
        }
        var result = await run;
        var ended = DateTime.UtcNow;

        var outcomes = before is null ? null : (await RedirectCounts.ReadSettledAsync(stack.ApiThroughProxy, cancellationToken)).Minus(before);
        return (result, cpu, outcomes, ended);
    }
}
