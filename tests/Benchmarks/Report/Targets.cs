using Benchmarks.Pipeline;
using Benchmarks.Scenarios;

namespace Benchmarks.Report;

// The targets, read from the figures (never asserted: a missed target is a finding to report).
public static class Targets
{
    public static IReadOnlyList<TargetCheck> Check(IReadOnlyList<ScenarioResult> scenarios, IReadOnlyList<IngestionResult> ingestion)
    {
        ScenarioResult? Find(string name) => scenarios.FirstOrDefault(s => s.Name == name);
        var checks = new List<TargetCheck>();
        var ceiling = Find(Names.Ceiling);
        var hit = Find(Names.RedirectHit);
        var halfRate = Find(Names.RedirectHitHalfRate);
        var miss = Find(Names.RedirectMiss);
        var create = Find(Names.CreateLink);
        if (hit?.RatioToCeiling is { } hitRatio)
        {
            checks.Add(new($"redirect, cache hit ≥ 50% of the bare Kestrel ceiling ({ceiling?.RequestsPerSecond:N0}/s)", $"{hit.RequestsPerSecond:N0}/s = {hitRatio:P0}", hitRatio >= 0.5));
        }
        if (halfRate is not null && hit is not null)
        {
            checks.Add(new("redirect, cache hit: p99 < 10 ms at half the measured cache-hit rate", $"p99 {halfRate.Latency.P99:0.##} ms at {halfRate.RequestsPerSecond:N0}/s", halfRate.Latency.P99 < 10));
        }
        if (miss?.RatioToCeiling is { } missRatio)
        {
            checks.Add(new("redirect, cache miss ≥ 25% of the ceiling", $"{miss.RequestsPerSecond:N0}/s = {missRatio:P0}", missRatio >= 0.25));
        }
        var batched = ingestion.Where(i => i.BatchSize > 1).MaxBy(i => i.RowsPerSecond);
        var baseline = ingestion.FirstOrDefault(i => i.BatchSize == 1);
        if (batched is not null && hit is not null)
        {
            checks.Add(new("Worker ingestion ≥ the redirect cache-hit rate", $"{batched.RowsPerSecond:N0} rows/s ({batched.Configuration}) vs {hit.RequestsPerSecond:N0} redirects/s", batched.RowsPerSecond >= hit.RequestsPerSecond));
        }
        if (batched is not null && baseline is { RowsPerSecond: > 0 })
        {
            var factor = batched.RowsPerSecond / baseline.RowsPerSecond;
            checks.Add(new("Worker ingestion ≥ 10× one INSERT per message", $"{factor:0.#}× ({batched.RowsPerSecond:N0} vs {baseline.RowsPerSecond:N0} rows/s)", factor >= 10));
        }
        if (create is not null)
        {
            checks.Add(new("create link ≥ 2,000/s", $"{create.RequestsPerSecond:N0}/s", create.RequestsPerSecond >= 2000));
        }
        return checks;
    }
}
