namespace Api.Imports;

public static class ImportsFeature
{
    // Bulk imports: stored in Postgres, queued for the Worker, sent again until the broker confirms.
    public static IHostApplicationBuilder AddImports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ImportQuotaOptions>().BindConfiguration(ImportQuotaOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ImportStore>();
        builder.Services.AddSingleton<ImportDispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ImportDispatcher>());
        return builder;
    }
}
