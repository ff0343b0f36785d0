using Links;

namespace Worker.Imports;

public static class ImportsFeature
{
    // Bulk imports from RabbitMQ, each link written through the links domain's LinkStore.
    public static IHostApplicationBuilder AddImports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddLinkStore();
        builder.Services.AddSingleton<ImportRunner>();
        builder.Services.AddHostedService<ImportConsumer>();
        return builder;
    }
}
