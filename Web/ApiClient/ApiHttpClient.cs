namespace Web.ApiClient;

public static class ApiHttpClient
{
    public const string Name = "api";

    // Resolved by service discovery: https where the api has it, else http.
    public static readonly Uri BaseAddress = new("https+http://api");

    public static IHostApplicationBuilder AddApiClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(Name, client => client.BaseAddress = BaseAddress);
        builder.Services.AddHealthChecks().AddCheck<ApiHealthCheck>("api");
        return builder;
    }
}
