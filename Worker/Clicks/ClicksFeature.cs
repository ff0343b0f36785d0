namespace Worker.Clicks;

public static class ClicksFeature
{
    // Click events from RabbitMQ, stored in batches with their rollups.
    public static IHostApplicationBuilder AddClickIngestion(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClickConsumerOptions>().BindConfiguration(ClickConsumerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ClickBatchWriter>();
        builder.Services.AddHostedService<ClickConsumer>();
        builder.Services.AddOptions<ClickRetentionOptions>().BindConfiguration(ClickRetentionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<ClickRetention>();
        builder.Services.AddOptions<VisitorSetRetentionOptions>().BindConfiguration(VisitorSetRetentionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<VisitorSetRetention>();
        return builder;
    }
}
