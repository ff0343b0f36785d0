using Links;

namespace Api.Links;

public static class LinksFeature
{
    // The caller's links, written and read through the links domain's LinkStore.
    public static IHostApplicationBuilder AddLinks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddLinkStore();
        return builder;
    }
}
