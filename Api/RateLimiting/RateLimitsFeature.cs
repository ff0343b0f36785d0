namespace Api.RateLimiting;

public static class RateLimitsFeature
{
    // Fixed windows counted in Redis, so every replica counts against the same limit.
    public static IHostApplicationBuilder AddSharedRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.SectionName);
        builder.Services.AddSingleton<SharedRateLimits>();
        builder.Services.AddSingleton<ClientAddresses>();
        return builder;
    }
}
