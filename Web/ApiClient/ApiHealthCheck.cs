using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Web.ApiClient;

// Readiness of the Web includes the Api answering. It asks the Api's liveness, not its readiness,
// so one failing database does not take every Web replica out of the balancer as well.
public sealed class ApiHealthCheck(IHttpClientFactory httpClientFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = httpClientFactory.CreateClient(ApiHttpClient.Name);
            using var response = await client.GetAsync(Extensions.AlivenessEndpointPath, cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"The api answered {(int)response.StatusCode} on {Extensions.AlivenessEndpointPath}.");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The api did not answer.", exception);
        }
    }
}
