using Api.Replication;

namespace Api.Traffic;

public static class SystemTrafficEndpoints
{
    public static IEndpointRouteBuilder MapSystemTrafficEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/system/traffic", GetAsync)
            .WithTags("System")
            .WithName("GetSystemTraffic")
            .WithSummary("Redirects and database reads of every api replica so far, the click queue, clicks stored and replication lag; poll it and take rates from the differences.");
        return app;
    }

    private static async Task<Ok<SystemTraffic>> GetAsync(
        TrafficCounters counters, TrafficReports reports, ClickQueueProbe clickQueue, ClicksRecordedProbe clicksRecorded,
        ReplicationMonitor replication, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var queue = clickQueue.GetAsync(cancellationToken);
        var recorded = clicksRecorded.GetAsync(cancellationToken);
        var reported = await reports.ReadRecentAsync(now, cancellationToken);
        return TypedResults.Ok(SystemTraffic.Combine(
            counters.Snapshot(ServiceInstance.Id, now), now, reported, await queue, await recorded, replication.Latest));
    }
}
