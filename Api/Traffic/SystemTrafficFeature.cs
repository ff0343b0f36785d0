namespace Api.Traffic;

public static class SystemTrafficFeature
{
    // Every replica's redirect and read counts, met in Redis, for /api/system/traffic.
    public static IHostApplicationBuilder AddSystemTraffic(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TrafficCounters>();
        builder.Services.AddSingleton<TrafficReports>();
        builder.Services.AddHostedService<TrafficReporter>();
        builder.Services.AddSingleton<ClickQueueProbe>();
        builder.Services.AddSingleton<ClicksRecordedProbe>();
        return builder;
    }
}
