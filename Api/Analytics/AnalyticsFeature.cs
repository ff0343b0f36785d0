namespace Api.Analytics;

public static class AnalyticsFeature
{
    // A link's stats, read from the Worker's rollups and kept briefly in Redis.
    public static IHostApplicationBuilder AddAnalytics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LinkStatsOptions>().BindConfiguration(LinkStatsOptions.SectionName);
        builder.Services.AddSingleton<LinkStatsStore>();
        return builder;
    }
}
