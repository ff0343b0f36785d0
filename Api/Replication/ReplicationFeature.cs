namespace Api.Replication;

public static class ReplicationFeature
{
    // The replica's lag, sampled every second for /api/system/replication and the metrics.
    public static IHostApplicationBuilder AddReplicationMonitor(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReplicationMonitor>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ReplicationMonitor>());
        builder.Services.AddSingleton<Consistency.ConsistencyTokenClamp>();
        return builder;
    }
}
