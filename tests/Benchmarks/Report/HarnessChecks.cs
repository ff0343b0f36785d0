using Benchmarks.Scenarios;
using Benchmarks.Stack;

namespace Benchmarks.Report;

// What makes a run invalid rather than slow: a scenario that sent nothing or whose answers were not
// the ones it measures, a profile step that sampled nothing, and a burst the product failed (a 5xx
// other than 503, a redirect to the wrong place, more Postgres connections than the budget allows).
// These fail the run (and the CI smoke run); the speed targets never do.
public static class HarnessChecks
{
    public static IReadOnlyList<string> Failures(BenchmarkReport report)
    {
        var failures = new List<string>();
        foreach (var scenario in report.Scenarios)
        {
            if (scenario.Requests == 0)
            {
                failures.Add($"{scenario.Name} sent no request");
            }
            if (scenario.SocketErrors > 0)
            {
                failures.Add($"{scenario.Name} had {scenario.SocketErrors} connect/read/write errors or timeouts");
            }
            // wrk counts every status outside 2xx and 3xx; only the unknown-code run expects them (404).
            if (scenario.Name != Names.RedirectUnknown && scenario.UnexpectedStatus > 0)
            {
                failures.Add($"{scenario.Name} had {scenario.UnexpectedStatus} answers outside 2xx/3xx");
            }
            if (scenario.Name == Names.RedirectUnknown && scenario.UnexpectedStatus != scenario.Requests)
            {
                failures.Add($"{scenario.Name}: {scenario.Requests - scenario.UnexpectedStatus} unknown codes did not answer 404");
            }
        }
        if (report.Import.Status != "completed" || report.Import.Succeeded != report.Import.Rows)
        {
            failures.Add($"the import ended {report.Import.Status} with {report.Import.Succeeded} of {report.Import.Rows} rows");
        }
        failures.AddRange(report.Ingestion.Where(i => i.RowsCommitted == 0).Select(i => $"Worker ingestion '{i.Configuration}' committed no row"));
        if (report.Profile is { ManagedSamples: 0 } profile)
        {
            failures.Add($"the profile step took no sample of managed code ({profile.Samples} thread samples in all)");
        }
        foreach (var burst in report.Bursts)
        {
            failures.AddRange(BurstFailures(burst, report.ConnectionBudget));
        }
        return failures;
    }

    // 503 and 429 are a burst's allowed refusals; socket errors and timeouts are reported, not failed.
    private static IEnumerable<string> BurstFailures(BurstResult burst, ConnectionBudget budget)
    {
        foreach (var c in burst.Classes)
        {
            var where = $"{burst.Name}, {c.Name}";
            if (c.Requests == 0)
            {
                yield return $"{where}: no answer";
            }
            if (c.ServerErrorsOtherThan503 > 0)
            {
                yield return $"{where}: {c.ServerErrorsOtherThan503} answers were a 5xx other than 503 ({Statuses(c)})";
            }
            else if (c.UnexpectedStatus > 0)
            {
                yield return $"{where}: {c.UnexpectedStatus} answers were neither {c.SuccessStatus} nor 503/429 ({Statuses(c)})";
            }
            if (c.WrongLocations > 0)
            {
                yield return $"{where}: {c.WrongLocations} redirects had the wrong Location";
            }
        }
        if (burst.Primary.Samples <= 1 || burst.Replica.Samples <= 1)
        {
            yield return $"{burst.Name}: Postgres connections were not sampled during the burst";
        }
        if (burst.Primary.Peak > budget.Primary)
        {
            yield return $"{burst.Name}: the primary held {burst.Primary.Peak} client connections, over the budget of {budget.Primary}";
        }
        if (burst.Replica.Peak > budget.Replica)
        {
            yield return $"{burst.Name}: the replica held {burst.Replica.Peak} client connections, over the budget of {budget.Replica}";
        }
    }

    private static string Statuses(BurstClassResult c) => string.Join(", ", c.StatusCounts.Select(s => $"{s.Key}: {s.Value}"));
}
