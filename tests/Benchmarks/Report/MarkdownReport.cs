using System.Globalization;
using System.Text;
using Benchmarks.Profiling;

namespace Benchmarks.Report;

// The report as markdown: what was run where, each scenario's figures, targets met or missed, where
// the CPU went in each run, and the plots.
public static class MarkdownReport
{
    public static string Render(BenchmarkReport report, Plots.Written plots)
    {
        var m = report.Machine;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## Benchmark report ({report.Mode} run)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Date: {m.Date:yyyy-MM-dd HH:mm} UTC; commit `{m.Commit}`{(m.CommitHasLocalChanges ? " (with uncommitted changes)" : "")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {m.Cores} cores ({m.Cpu}), {m.MemoryGiB} GiB, {m.OperatingSystem}, {m.Runtime}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Stack: {report.StackConfiguration}");
        text.AppendLine();

        text.AppendLine("### Scenarios");
        text.AppendLine();
        text.AppendLine("| scenario | target | connections | requests/s | × ceiling | p50 ms | p90 ms | p99 ms | non-2xx/3xx | socket errors | redirect outcomes (hit/miss/not found) | answered by an L1 |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in report.Scenarios)
        {
            var connections = s.DelayMilliseconds > 0 ? $"{s.Connections}, {s.DelayMilliseconds} ms apart" : s.Connections.ToString(CultureInfo.InvariantCulture);
            var outcomes = s.Outcomes is { } o ? $"{o.Hit:N0} / {o.Miss:N0} / {o.NotFound:N0}" : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"| `{s.Name}`: {s.Description} | {s.Target} | {connections} | {s.RequestsPerSecond:N0} | {Ratio(s.RatioToCeiling)} | {s.Latency.P50} | {s.Latency.P90} | {s.Latency.P99} | {s.UnexpectedStatus:N0} | {s.SocketErrors:N0} | {outcomes} | {Ratio(s.L1Share)} |");
        }
        text.AppendLine();
        text.AppendLine("Answered by an L1: the redirects no lookup reached Redis for (the api replicas' redirect count less Redis's count of MGET calls, the api's only MGET being the redirect lookup).");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"![Throughput]({plots.Throughput})");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"![Latency percentiles]({plots.Latency})");
        text.AppendLine();

        text.AppendLine("### API replicas behind the proxy (redirect, cache hit)");
        text.AppendLine();
        text.AppendLine("| api replicas | requests/s | × ceiling | p50 ms | p99 ms | socket errors |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var p in report.Scaling)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {p.ApiReplicas} | {p.RequestsPerSecond:N0} | {Ratio(p.RatioToCeiling)} | {p.Latency.P50} | {p.Latency.P99} | {p.SocketErrors:N0} |");
        }
        text.AppendLine();

        text.AppendLine("### Bulk import");
        text.AppendLine();
        var i = report.Import;
        text.AppendLine(CultureInfo.InvariantCulture, $"{i.Rows:N0} rows: accepted (202) in {i.AcceptedMilliseconds} ms, {i.Status} after {i.SecondsToCompleted} s ({i.RowsPerSecond:N0} rows/s; {i.Succeeded:N0} succeeded, {i.Failed:N0} failed).");
        text.AppendLine();

        text.AppendLine("### Click pipeline");
        text.AppendLine();
        text.AppendLine("Worker ingestion at saturation (every Worker stopped while redirects filled the queue, then one configuration started; rows committed between its first and last transaction):");
        text.AppendLine();
        text.AppendLine("| configuration | backlog | rows committed | seconds | rows/s | drained |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var r in report.Ingestion)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Configuration} | {r.Backlog:N0} | {r.RowsCommitted:N0} | {r.Seconds} | {r.RowsPerSecond:N0} | {(r.Drained ? "yes" : "no (timed window)")} |");
        }
        text.AppendLine();
        foreach (var d in report.Drains)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"During `{d.Scenario}` with both Workers running the clicks queue held at most {d.MaxQueueDepthDuringLoad:N0} messages; the last click was committed {d.SecondsFromLastRedirectToLastCommit} s after the last redirect.");
        }
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"![Click pipeline over the run]({plots.QueueDepth})");
        text.AppendLine();

        Bursts(text, report);

        text.AppendLine("### Targets");
        text.AppendLine();
        text.AppendLine("| target | measured | met |");
        text.AppendLine("|---|---|---|");
        foreach (var t in report.Targets)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {t.Target} | {t.Measured} | {(t.Met ? "yes" : "**no**")} |");
        }
        text.AppendLine();

        CostPerRequest(text, report);
        Profile(text, report.Profile);

        text.AppendLine("### Where the CPU went");
        text.AppendLine();
        text.AppendLine("Share of the whole machine (all cores = 100%) each group of processes used in the middle of each measured run, read from /proc:");
        text.AppendLine();
        foreach (var s in report.Scenarios.Where(s => s.Cpu.Count > 0))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- `{s.Name}`: {string.Join(", ", s.Cpu.Select(c => $"{c.Processes} {c.Percent}%"))}");
        }
        foreach (var r in report.Ingestion.Where(r => r.Cpu.Count > 0))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- Worker ingestion, {r.Configuration}: {string.Join(", ", r.Cpu.Select(c => $"{c.Processes} {c.Percent}%"))}");
        }
        return text.ToString();
    }

    private static void Bursts(StringBuilder text, BenchmarkReport report)
    {
        var budget = report.ConnectionBudget;
        text.AppendLine("### Bursts");
        text.AppendLine();
        text.AppendLine("Connections opened at once through the proxy, each class of requests from its own wrk process. 503 (with `Retry-After`: shed by a concurrency limiter, or \"database busy\" when no pooled Postgres connection was free in time) and 429 (rate limited) are allowed answers; wrk does not wait for `Retry-After`, so a refused connection asks again at once and one client may be counted many times; a 5xx other than 503, any other unexpected status, or a 302 whose `Location` is not the link's target fails the run. Latencies cover every answer, 503s included.");
        text.AppendLine();
        text.AppendLine("| burst | class | connections | answers | answers/s | statuses | 5xx other than 503 | wrong `Location` | socket errors | p50 ms | p99 ms |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var b in report.Bursts)
        {
            foreach (var c in b.Classes)
            {
                var statuses = string.Join("; ", c.StatusCounts.Select(s => s.Key == 503 ? $"503: {s.Value:N0} ({c.DatabaseBusy:N0} database busy)" : $"{s.Key}: {s.Value:N0}"));
                text.AppendLine(CultureInfo.InvariantCulture, $"| `{b.Name}` | {c.Name}: {c.Description} | {c.Connections:N0} | {c.Requests:N0} | {c.RequestsPerSecond:N0} | {statuses} | {NoneOrCount(c.ServerErrorsOtherThan503)} | {c.WrongLocations:N0} | {c.SocketErrors:N0} | {c.Latency.P50} | {c.Latency.P99} |");
            }
        }
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Postgres client connections (client backends in `pg_stat_activity`, sampled every 50 ms on the sampler's own connection, which is counted; the harness's pipeline sampler holds one more) against the connection budget of docs/deploy.md for the stack as it ran: primary {budget.PrimaryPoolsSum} pooled + {budget.Reserve} reserve = **{budget.Primary}**; replica {budget.ReplicaPoolsSum} + {budget.Reserve} = **{budget.Replica}** (pool sizes from `Api/appsettings.json` and `Worker/appsettings.json`, the reserve from `ConnectionBudgetTests`, the migrations pool from `SchemaMigration`).");
        text.AppendLine();
        text.AppendLine("| burst | what | seconds | primary: at start → peak (budget, max_connections) | replica: at start → peak (budget, max_connections) | samples (failed) | within budget | redirect outcomes (hit/miss/not found) |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var b in report.Bursts)
        {
            var within = b.Primary.Peak <= budget.Primary && b.Replica.Peak <= budget.Replica;
            var outcomes = b.Outcomes is { } o ? $"{o.Hit:N0} / {o.Miss:N0} / {o.NotFound:N0}" : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"| `{b.Name}` | {b.Description} | {b.Seconds} | {b.Primary.Before} → **{b.Primary.Peak}** ({budget.Primary}, {b.Primary.MaxConnections}) | {b.Replica.Before} → **{b.Replica.Peak}** ({budget.Replica}, {b.Replica.MaxConnections}) | {b.Primary.Samples} ({b.Primary.FailedSamples}) / {b.Replica.Samples} ({b.Replica.FailedSamples}) | {(within ? "yes" : "**no**")} | {outcomes} |");
        }
        text.AppendLine();
    }

    private static void CostPerRequest(StringBuilder text, BenchmarkReport report)
    {
        text.AppendLine("### Cost per request");
        text.AppendLine();
        text.AppendLine("CPU microseconds each group of processes spent per request the scenario completed: the group's CPU time from `/proc` over the measured window (the run less a margin at each end) divided by the requests wrk completed in that window (its rate × the window). Rates vary by about ±20% between runs on a shared machine; the cost per request varies less, and is what a capacity plan multiplies. `api` adds up every api replica; `proxy (dcp)` is the orchestrator, whose proxy carries every request to the api replicas.");
        text.AppendLine();
        text.AppendLine("Click storage is (RabbitMQ + Worker + Postgres primary + Postgres replica) µs per request divided by the clicks per request, for the redirect scenarios that record clicks (a GET answered 302 records one; a HEAD or a 404 none), from the outcomes the api replicas counted. Caveat: only the window is measured. A click published near its end, or queued because the Workers fell behind, is stored after it, so where the queue grew the figure is low; where the Workers kept up (the clicks queue stayed short) it is whole. The replica's share is replaying the primary's writes, and in the cache-miss run also the reads the misses make.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"| scenario | requests/s | {string.Join(" | ", RequestCost.Groups.Select(g => g.Group))} | click storage µs per click |");
        text.AppendLine(CultureInfo.InvariantCulture, $"|---|---|{string.Concat(RequestCost.Groups.Select(_ => "---|"))}---|");
        foreach (var s in report.Scenarios.Where(s => s.CostPerRequest.Count > 0))
        {
            var costs = string.Join(" | ", s.CostPerRequest.Select(c => c.MicrosecondsPerRequest.ToString("0.#", CultureInfo.InvariantCulture)));
            var clickStorage = s.ClickStorageMicrosecondsPerClick is { } perClick ? perClick.ToString("0.#", CultureInfo.InvariantCulture) : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"| `{s.Name}` | {s.RequestsPerSecond:N0} | {costs} | {clickStorage} |");
        }
        text.AppendLine();
        foreach (var d in report.Drains)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"For `{d.Scenario}` the clicks queue held at most {d.MaxQueueDepthDuringLoad:N0} messages during the run, and the last click was committed {d.SecondsFromLastRedirectToLastCommit} s after the last redirect (see Click pipeline).");
        }
        text.AppendLine();
    }

    private static void Profile(StringBuilder text, CpuProfile? profile)
    {
        if (profile is null)
        {
            return;
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"### Profile: one api replica under `{profile.Scenario}`");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{profile.Process}, Production config, sampled through EventPipe (as `dotnet-trace collect --profile cpu-sampling` does) for {profile.Seconds:0} s of the {profile.Scenario} load through the proxy, a run of its own: {profile.Samples:N0} thread samples, {profile.ManagedSamples:N0} of a thread running managed code, which the tables count (the others waited, or ran native code, where EventPipe cannot tell CPU from waiting). The trace is `{profile.TraceFile}` beside this report.");
        text.AppendLine();
        text.AppendLine("Top frames by exclusive samples (the method on top of the stack):");
        text.AppendLine();
        Frames(text, profile.TopExclusive);
        text.AppendLine(CultureInfo.InvariantCulture, $"The app's own methods ({string.Join(", ", SampleAggregation.AppNamespaces.Select(n => $"`{n}`"))}) by inclusive samples (anywhere in the stack):");
        text.AppendLine();
        Frames(text, profile.TopAppInclusive);
        text.AppendLine();
        text.AppendLine("Who waited for contended locks: for the samples of a thread waiting on a lock another thread held (the top frame `Monitor.Enter_Slowpath` or `Lock.TryEnterSlow`), the first method outside `System.Threading` below it:");
        text.AppendLine();
        Frames(text, profile.LockTakers);
    }

    private static void Frames(StringBuilder text, IReadOnlyList<ProfileFrame> frames)
    {
        text.AppendLine("| method | samples | % of managed samples |");
        text.AppendLine("|---|---|---|");
        foreach (var f in frames)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| `` {f.Method.Replace("|", "\\|", StringComparison.Ordinal)} `` | {f.Samples:N0} | {f.Percent} |");
        }
        text.AppendLine();
    }

    private static string NoneOrCount(long count) => count == 0 ? "none" : $"**{count:N0}**";

    private static string Ratio(double? ratio) => ratio is { } r ? r.ToString("P0", CultureInfo.InvariantCulture) : "";
}
