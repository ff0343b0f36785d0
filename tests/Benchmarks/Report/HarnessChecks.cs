using Benchmarks.Scenarios;

namespace Benchmarks.Report;

// What makes a run invalid rather than slow: a scenario that sent nothing or whose answers were not
// the ones it measures. These fail the run (and the CI smoke run); the speed targets never do.
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
        return failures;
    }
}
