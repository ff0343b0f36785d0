using Web.ReadYourWrites;

namespace Web.ApiClient;

public static class ApiHttpClient
{
    public const string Name = "api";
    public const string RedirectsName = "api-redirects";

    // Resolved by service discovery: https where the api has it, else http. The standard resilience
    // handler (ServiceDefaults) retries safe requests and trips a circuit breaker when the api fails.
    public static readonly Uri BaseAddress = new("https+http://api");

    public static IHostApplicationBuilder AddApiClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ConsistencyTokenStore>();
        builder.Services.AddHttpClient(Name, client => client.BaseAddress = BaseAddress);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddTransient<BrowserAddressForwarding>();
        builder.Services.AddHttpClient<LinksApi>(client => client.BaseAddress = BaseAddress)
            .AddHttpMessageHandler<BrowserAddressForwarding>();
        // The system page's burst follows no redirects: it counts the api's 302s, not the targets.
        builder.Services.AddHttpClient(RedirectsName, client => client.BaseAddress = BaseAddress)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        builder.Services.AddHealthChecks().AddCheck<ApiHealthCheck>("api");
        return builder;
    }
}
