using System.Globalization;
using System.Text;

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
        text.AppendLine("| scenario | target | connections | requests/s | × ceiling | p50 ms | p90 ms | p99 ms | non-2xx/3xx | socket errors | redirect outcomes (hit/miss/not found) |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in report.Scenarios)
        {
            var connections = s.DelayMilliseconds > 0 ? $"{s.Connections}, {s.DelayMilliseconds} ms apart" : s.Connections.ToString(CultureInfo.InvariantCulture);
            var outcomes = s.Outcomes is { } o ? $"{o.Hit:N0} / {o.Miss:N0} / {o.NotFound:N0}" : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"| `{s.Name}`: {s.Description} | {s.Target} | {connections} | {s.RequestsPerSecond:N0} | {Ratio(s.RatioToCeiling)} | {s.Latency.P50} | {s.Latency.P90} | {s.Latency.P99} | {s.UnexpectedStatus:N0} | {s.SocketErrors:N0} | {outcomes} |");
        }
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

        text.AppendLine("### Targets");
        text.AppendLine();
        text.AppendLine("| target | measured | met |");
        text.AppendLine("|---|---|---|");
        foreach (var t in report.Targets)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {t.Target} | {t.Measured} | {(t.Met ? "yes" : "**no**")} |");
        }
        text.AppendLine();

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

    private static string Ratio(double? ratio) => ratio is { } r ? r.ToString("P0", CultureInfo.InvariantCulture) : "";
}
