namespace Api.DemoData;

public static class DemoDataFeature
{
    // A demo account with links and a month of clicks: on the operator's request, and once on first start when configured.
    public static IHostApplicationBuilder AddDemoData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoDataOptions>().BindConfiguration(DemoDataOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<DemoDataSeeder>();
        builder.Services.AddHostedService<DemoDataFirstStart>();
        return builder;
    }
}
