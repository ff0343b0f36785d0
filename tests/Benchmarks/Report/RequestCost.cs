using Benchmarks.Stack;

namespace Benchmarks.Report;

// CPU microseconds one group of processes spent per request a scenario completed: the group's CPU
// seconds in the measured window divided by the requests wrk completed in it (its rate × the window).
public sealed record RequestCost(string Group, double MicrosecondsPerRequest)
{
    // The groups a capacity plan needs, in the report's column order: the report's name, ProcessCpu's group.
    public static readonly IReadOnlyList<(string Group, string Processes)> Groups =
    [
        ("api", "api"),
        ("proxy (dcp)", ProcessCpu.Orchestrator),
        ("Redis", "cache"),
        ("RabbitMQ", "messaging"),
        ("Worker", "worker"),
        ("Postgres primary", "postgres"),
        ("Postgres replica", "postgres-replica"),
        ("wrk", ProcessCpu.Wrk),
        ("harness", ProcessCpu.Harness),
    ];

    // The groups that store a click after the api published it.
    public static readonly IReadOnlyList<string> ClickStorageGroups = ["RabbitMQ", "Worker", "Postgres primary", "Postgres replica"];

    public static IReadOnlyList<RequestCost> Of(CpuUse cpu, double requestsPerSecond)
    {
        var requests = requestsPerSecond * cpu.WallSeconds;
        if (requests <= 0)
        {
            return [];
        }
        return [.. Groups.Select(g => new RequestCost(g.Group, Math.Round(1_000_000 * cpu.SecondsOf(g.Processes) / requests, 2)))];
    }
}
