using Microsoft.Extensions.DependencyInjection;

namespace Links;

public static class LinkStoreRegistration
{
    // The link store and the short-link address it checks targets against, for every service that writes links.
    public static IServiceCollection AddLinkStore(this IServiceCollection services)
    {
        services.AddOptions<ShortLinkOptions>().BindConfiguration(ShortLinkOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LinkStore>();
        services.AddSingleton<LinkListing>();
        return services;
    }
}
