using System.Diagnostics.Metrics;

namespace Api.Diagnostics;

// The Api's own meter, named for the service, so its figures sit beside the framework's in the dashboard.
public sealed class ApiMetrics
{
    public const string MeterName = "Api";

    private readonly Counter<long> redirects;
    private readonly Counter<long> cacheErrors;
    private readonly Counter<long> rateLimiterUnavailable;

    public ApiMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        redirects = meter.CreateCounter<long>("links.redirects", "{redirect}", "Redirect requests by how they were resolved (cache hit, cache miss, not found).");
        cacheErrors = meter.CreateCounter<long>("links.redirect_cache.errors", "{error}", "Redis calls of the redirect cache that failed or were skipped by the open circuit.");
        rateLimiterUnavailable = meter.CreateCounter<long>("links.rate_limiter.unavailable", "{request}", "Requests let through because the Redis rate limiter could not be reached.");
    }

    public void Redirect(string result) => redirects.Add(1, new KeyValuePair<string, object?>("result", result));

    public void CacheError(string operation) => cacheErrors.Add(1, new KeyValuePair<string, object?>("operation", operation));

    public void RateLimiterUnavailable(string limiter) => rateLimiterUnavailable.Add(1, new KeyValuePair<string, object?>("limiter", limiter));
}
