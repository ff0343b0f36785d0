using Links;

namespace Api.Redirects;

public static class RedirectsFeature
{
    // The hot path and its Redis cache, which applies every link change LinkStore commits.
    public static IHostApplicationBuilder AddRedirects(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RedirectCacheOptions>().BindConfiguration(RedirectCacheOptions.SectionName);
        builder.Services.AddSingleton<RedirectL1Cache>();
        builder.Services.AddSingleton<RedirectChangeNotifications>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RedirectChangeNotifications>());
        builder.Services.AddSingleton<RedirectCache>();
        builder.Services.AddSingleton<RedirectResolver>();
        builder.Services.AddSingleton<VisitLimit>();
        builder.Services.AddSingleton<PendingCacheRefreshes>();
        builder.Services.AddSingleton<ILinkChangeHandler>(services => services.GetRequiredService<PendingCacheRefreshes>());
        builder.Services.AddHostedService(services => services.GetRequiredService<PendingCacheRefreshes>());
        return builder;
    }
}
