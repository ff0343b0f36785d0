using System.Diagnostics;
using Benchmarks.Report;
using Benchmarks.Stack;

namespace Benchmarks.Drills;

// The fault drills (`--drill`): one stack, the drills in order under a steady redirect load, then drills.json and drills.md.
// The exit code says whether the harness worked, not whether the drills found loss (that is a finding).
public static class DrillRun
{
    public static async Task<int> RunAsync(HarnessOptions options, CancellationToken cancellationToken)
    {
        var machine = MachineInfo.Read();
        var log = Stopwatch.StartNew();
        void Say(string message) => Console.WriteLine($"[{log.Elapsed:mm\\:ss}] {message}");
        var timing = DrillTiming.For(options);

        Say("starting the stack (process runtime)");
        await using var stack = await BenchmarkStack.StartAsync(cancellationToken);
        await using var client = new RedirectClient(stack.ApiThroughProxy);
        await using var ledger = new ClickLedger(stack.ConnectionString("links"));
        using var links = await DrillLinks.SignUpAsync(stack.ApiThroughProxy, cancellationToken);
        var execution = new DrillExecution(ledger, client, timing, Say);

        var drills = DrillCatalog.Create(stack, ledger, timing);
        var results = new List<DrillResult>();
        foreach (var drill in drills)
        {
            Say(drill.Name);
            var code = await links.CreateAsync(drill.Name, cancellationToken);
            var result = await execution.RunAsync(drill, code, cancellationToken);
            Say($"  sent {result.Sent:N0}, confirmed {result.Confirmed:N0}, failed {result.Failed:N0}, recorded {result.Recorded:N0}, rollup {result.RollupTotal:N0}, lost {result.Lost:N0}" +
                (result.MeetsExpectation ? "" : $"; {string.Join("; ", result.Deviations.Append(result.HarnessError ?? "").Where(s => s.Length > 0))}"));
            results.Add(result);
            if (result.HarnessError is not null)
            {
                Say("  a harness step failed: the stack may be left broken, so the remaining drills are not run");
                break;
            }
        }

        var report = new DrillReport(
            options.Smoke ? "smoke" : "full",
            machine,
            $"Release build; process runtime; api ×3 behind the orchestrator's proxy, worker ×2, web ×2 as Production. " +
            $"Load: {RedirectLoad.Loops} loops paced to about {RedirectLoad.RequestsPerSecond:N0} redirects/s in all, GET /{{code}} through the proxy with the standard resilience handler (AllowAutoRedirect off), " +
            $"{timing.Steady.TotalSeconds:N0} s before the fault and {timing.After.TotalSeconds:N0} s after the repair; each drill has its own link.",
            [
                "None of these drills takes out the only path of a redirect (two api replicas remain when one is killed; Redis and the replica have Postgres fallbacks; RabbitMQ and the Workers are off the redirect path), so every drill expects no failed redirect.",
                "Confirmed: answered 302. Failed: anything else after the resilience handler's retries, exceptions included. Retries: the handler's attempts beyond one per request.",
                "Recorded: rows in clicks for the drill's code on the primary, once they stopped changing after the load; Rollup: its link_click_totals. Rollup − recorded ≠ 0 means clicks counted twice (or missed) in the rollup; recorded − confirmed > 0 means stored clicks the client never saw answered; lost = confirmed − recorded when positive.",
                "Repair s: from the repair command until the restarted resource is running and healthy. Caught up s: from the repair command until the oldest confirmed click not yet stored is at most 2 s old (sampled every 0.5 s). Max click lag s: the largest such age in the drill. Longest redirect gap s: the longest time between two confirmed redirects.",
                "The Workers and the api replica are taken out with SIGKILL (kill -9 of the instance and its `dotnet run` parent) and started again with the dashboard's Start, never with the dashboard's Stop: a graceful api stop under load outlasted the orchestrator's wait (about 10 s) and left the instance neither running nor stopped. \"Stop the Worker for 30 s\" is therefore: kill every Worker instance, wait 30 s, start them.",
            ],
            results);
        await report.WriteAsync(options.OutputDirectory, cancellationToken);
        Say($"report written to {options.OutputDirectory}");

        var harnessBroke = results.Any(r => r.HarnessError is not null) || results.Count < drills.Count || results.Any(r => r.Sent == 0);
        return harnessBroke ? 1 : 0;
    }
}
