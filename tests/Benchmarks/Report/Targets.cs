using Benchmarks.Pipeline;
using Benchmarks.Scenarios;

namespace Benchmarks.Report;

// The targets, read from the figures (never asserted: a missed target is a finding to report).
// Rates are ratios to the bare Kestrel ceiling measured in the same run; costs are CPU per request.
public static class Targets
{
    public static IReadOnlyList<TargetCheck> Check(IReadOnlyList<ScenarioResult> scenarios, IReadOnlyList<IngestionResult> ingestion)
    {
        ScenarioResult? Find(string name) => scenarios.FirstOrDefault(s => s.Name == name);
        var checks = new List<TargetCheck>();
        var ceiling = Find(Names.Ceiling);
        var hit = Find(Names.RedirectHit);
        var head = Find(Names.RedirectHitHead);
        var direct = Find(Names.RedirectHitOneReplicaDirect);
        var halfRate = Find(Names.RedirectHitHalfRate);
        var miss = Find(Names.RedirectMiss);
        var create = Find(Names.CreateLink);
        double? Ratio(ScenarioResult? scenario) => ceiling is { RequestsPerSecond: > 0 } && scenario is not null ? scenario.RequestsPerSecond / ceiling.RequestsPerSecond : null;
        void AtLeast(string what, ScenarioResult? scenario, double share)
        {
            if (Ratio(scenario) is { } ratio)
            {
                checks.Add(new($"{what} ≥ {share * 100:0}% of the bare Kestrel ceiling ({ceiling!.RequestsPerSecond:N0}/s)", $"{scenario!.RequestsPerSecond:N0}/s = {ratio:P0}", ratio >= share));
            }
        }

        AtLeast("GET, cache hit, straight to one api replica", direct, 0.40);
        AtLeast("GET, cache hit, through the proxy to 3 api replicas", hit, 0.25);
        if (hit is not null && head is { RequestsPerSecond: > 0 })
        {
            var ratio = hit.RequestsPerSecond / head.RequestsPerSecond;
            checks.Add(new("GET, cache hit, within 15% of HEAD (which records no click)", $"{hit.RequestsPerSecond:N0}/s vs {head.RequestsPerSecond:N0}/s = {ratio:P0}", ratio >= 0.85));
        }
        if (hit?.CostPerRequest.FirstOrDefault(c => c.Group == "api") is { } api)
        {
            checks.Add(new("api CPU per cache-hit redirect ≤ 40 µs", $"{api.MicrosecondsPerRequest:0.#} µs (3 replicas through the proxy)", api.MicrosecondsPerRequest <= 40));
        }
        if (hit?.ClickStorageMicrosecondsPerClick is { } clickStorage)
        {
            checks.Add(new("click storage (RabbitMQ + Worker + both Postgres servers) ≤ 15 µs per click", $"{clickStorage:0.#} µs per click ({Names.RedirectHit})", clickStorage <= 15));
        }
        AtLeast("GET, cache miss", miss, 0.12);
        AtLeast("create link", create, 0.04);
        if (halfRate is not null && hit is not null)
        {
            checks.Add(new("GET, cache hit: p99 < 10 ms at half the measured cache-hit rate", $"p99 {halfRate.Latency.P99:0.##} ms at {halfRate.RequestsPerSecond:N0}/s", halfRate.Latency.P99 < 10));
        }

        var batched = ingestion.Where(i => i.BatchSize > 1).MaxBy(i => i.RowsPerSecond);
        if (batched is not null && hit is not null)
        {
            checks.Add(new("Worker ingestion ≥ the redirect cache-hit rate", $"{batched.RowsPerSecond:N0} rows/s ({batched.Configuration}) vs {hit.RequestsPerSecond:N0} redirects/s", batched.RowsPerSecond >= hit.RequestsPerSecond));
        }
        return checks;
    }
}
