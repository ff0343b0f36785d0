using Benchmarks.Load;
using Benchmarks.Stack;

namespace Benchmarks.Report;

// One wrk scenario's figures. Latencies in milliseconds. Cpu: each group's share of the machine;
// CostPerRequest: each group's CPU microseconds per request; ClickStorageMicrosecondsPerClick: for the
// redirects that record clicks (see ClickStorageCost). L1Share: of the redirects the api replicas counted,
// the share no lookup reached Redis for (answered by a replica's L1; see RedisLookups).
public sealed record ScenarioResult(
    string Name,
    string Description,
    string Target,
    int Connections,
    int DelayMilliseconds,
    double Seconds,
    long Requests,
    double RequestsPerSecond,
    double? RatioToCeiling,
    LatencyMilliseconds Latency,
    long UnexpectedStatus,
    long SocketErrors,
    RedirectCounts? Outcomes,
    long? RedisLookups,
    double? L1Share,
    IReadOnlyList<CpuShare> Cpu,
    IReadOnlyList<RequestCost> CostPerRequest,
    double? ClickStorageMicrosecondsPerClick)
{
    public static ScenarioResult From(string name, string description, string target, WrkLoad load, WrkResult result, double? ceiling, RedirectCounts? outcomes, long? redisLookups, CpuUse cpu)
    {
        var costs = RequestCost.Of(cpu, result.RequestsPerSecond);
        return new(
            name,
            description,
            target,
            load.Connections,
            load.DelayMilliseconds,
            Math.Round(result.DurationMicroseconds / 1_000_000.0, 2),
            result.Requests,
            Math.Round(result.RequestsPerSecond, 1),
            ceiling is > 0 ? Math.Round(result.RequestsPerSecond / ceiling.Value, 3) : null,
            LatencyMilliseconds.From(result.LatencyMicroseconds),
            result.StatusErrors,
            result.SocketErrors,
            outcomes,
            redisLookups,
            outcomes is { Total: > 0 } o && redisLookups is { } lookups ? Math.Round(Math.Max(0, o.Total - lookups) / (double)o.Total, 3) : null,
            cpu.Shares(),
            costs,
            ClickStorageCost.PerClick(costs, load.Method, outcomes));
    }
}

public sealed record LatencyMilliseconds(double P50, double P90, double P99, double P999, double Max, double Mean)
{
    public static LatencyMilliseconds From(WrkLatency micro) =>
        new(Ms(micro.P50), Ms(micro.P90), Ms(micro.P99), Ms(micro.P999), Ms(micro.Max), Math.Round(micro.Mean / 1000.0, 3));

    private static double Ms(long microseconds) => Math.Round(microseconds / 1000.0, 3);
}
