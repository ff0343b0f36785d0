using System.Globalization;
using System.Text;

namespace Benchmarks.Drills;

// drills.md: the machine, a table of every drill, then one paragraph per drill with its expectation and findings.
public static class DrillMarkdown
{
    public static string Render(DrillReport report)
    {
        var machine = report.Machine;
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
        string S(double? seconds) => seconds is null ? "–" : seconds.Value.ToString("0.0", CultureInfo.InvariantCulture);

        Line($"# Fault drills ({report.Run} run)");
        Line();
        Line($"{machine.Date:yyyy-MM-dd HH:mm} UTC · commit `{machine.Commit[..Math.Min(12, machine.Commit.Length)]}`{(machine.CommitHasLocalChanges ? " (with local changes)" : "")} · " +
            $"{machine.Cores} cores, {machine.MemoryGiB} GiB, {machine.Cpu} · {machine.OperatingSystem} · {machine.Runtime}");
        Line();
        Line(report.Setup);
        Line();
        Line("| Drill | Sent | Confirmed | Failed | Retries | Recorded | Rollup | Rollup − recorded | Recorded − confirmed | Lost | Repair s | Caught up s | Max click lag s | Longest redirect gap s | As expected |");
        Line("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|");
        foreach (var d in report.Drills)
        {
            var verdict = d.HarnessError is not null ? "harness step failed" : d.MeetsExpectation ? "yes" : "**no**";
            Line($"| {d.Name} | {N(d.Sent)} | {N(d.Confirmed)} | {N(d.Failed)} | {N(d.Retries)} | {N(d.Recorded)} | {N(d.RollupTotal)} | {N(d.RollupDuplicates)} | {N(d.RecordedUnconfirmed)} | {N(d.Lost)} | " +
                $"{S(d.RepairSeconds)} | {S(d.CaughtUpSeconds)} | {S(d.MaxClickLagSeconds)} | {S(d.LongestRedirectGapSeconds)} | {verdict} |");
        }
        Line();
        foreach (var note in report.Notes)
        {
            Line($"- {note}");
        }
        foreach (var d in report.Drills)
        {
            Line();
            Line($"## {d.Name}");
            Line();
            Line($"Fault: {d.Fault}; held {S(d.HoldSeconds)} s.{(d.Note is null ? "" : $" {char.ToUpperInvariant(d.Note[0])}{d.Note[1..]}.")}");
            Line();
            Line($"Expected: {d.Expected}");
            Line();
            var found = new List<string>();
            found.Add($"{N(d.Sent)} redirects sent, {N(d.Confirmed)} confirmed, {N(d.Failed)} failed" +
                (d.FailureReasons.Count == 0 ? "" : $" ({string.Join(", ", d.FailureReasons.Select(r => $"{r.Key} × {N(r.Value)}"))})") +
                $", {N(d.Retries)} retried attempts");
            found.Add($"{N(d.Recorded)} clicks stored, rollup total {N(d.RollupTotal)}");
            if (d.LossWindowExpected)
            {
                found.Add($"loss window of the killed replica measured: {N(d.Lost)} confirmed clicks not stored");
            }
            found.Add($"the repaired resource healthy {S(d.RepairSeconds)} s after the repair began, the stored clicks within 2 s of the redirects {S(d.CaughtUpSeconds)} s after it");
            Line($"Found: {string.Join("; ", found)}. " +
                (d.HarnessError is not null ? $"The harness step failed: {d.HarnessError}" :
                 d.MeetsExpectation ? "As expected." : $"Not as expected: {string.Join("; ", d.Deviations)}."));
        }
        return text.ToString();
    }
}
