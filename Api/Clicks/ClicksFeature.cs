namespace Api.Clicks;

public static class ClicksFeature
{
    // Each redirect's click event, buffered in the replica and published to RabbitMQ in batches.
    public static IHostApplicationBuilder AddClicks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClickOptions>().BindConfiguration(ClickOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<VisitorSalts>();
        builder.Services.AddHostedService<SharedVisitorSalts>();
        builder.Services.AddSingleton<VisitorHash>();
        builder.Services.AddSingleton<ClickEventFactory>();
        builder.Services.AddSingleton<ClickPublisher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ClickPublisher>());
        return builder;
    }
}
