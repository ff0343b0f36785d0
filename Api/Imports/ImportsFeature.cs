namespace Api.Imports;

public static class ImportsFeature
{
    // Bulk imports: stored in Postgres, queued for the Worker, sent again until the broker confirms, and again
    // (then failed) when they make no progress.
    public static IHostApplicationBuilder AddImports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ImportQuotaOptions>().BindConfiguration(ImportQuotaOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ImportSweepOptions>().BindConfiguration(ImportSweepOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ImportStore>();
        builder.Services.AddSingleton<ImportDispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ImportDispatcher>());
        builder.Services.AddHostedService<ImportSweeper>();
        return builder;
    }
}
