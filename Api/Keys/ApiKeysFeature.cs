namespace Api.Keys;

public static class ApiKeysFeature
{
    // Keys for scripts: stored as hashes in Postgres, checked against the primary on each request, limited per key.
    public static IHostApplicationBuilder AddApiKeys(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.SectionName)
            .Validate(o => o.MaximumPerAccount > 0 && o.LastUsedPrecision > TimeSpan.Zero, "ApiKeys:MaximumPerAccount and ApiKeys:LastUsedPrecision must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddApiKeyAuthentication();
        return builder;
    }
}
