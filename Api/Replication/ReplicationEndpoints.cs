namespace Api.Replication;

public static class ReplicationEndpoints
{
    public static IEndpointRouteBuilder MapReplicationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/system/replication", (ReplicationMonitor monitor) => TypedResults.Ok(monitor.Latest))
            .WithTags("System")
            .WithName("GetReplication")
            .WithSummary("The replica's replay lag behind the primary, sampled every second.");
        return app;
    }
}
