using System.Diagnostics.Metrics;

namespace Api.Diagnostics;

// The Api's own meter, named for the service, so its figures sit beside the framework's in the dashboard.
public sealed class ApiMetrics
{
    public const string MeterName = "Api";
    public const string RedirectsInstrument = "links.redirects";
    public const string RedirectResultAttribute = "links.redirect.result";
    public const string CacheResultAttribute = "links.redirect_cache.result";

    private readonly Counter<long> redirects;
    private readonly Counter<long> cacheLookups;
    private readonly FailureCounts cacheErrors = new("operation", "get", "set");
    private readonly FailureCounts rateLimiterUnavailable = new("limiter", "login-ip", "login-account", "link-creation");
    private readonly FailureCounts clicksRetried = new();
    private readonly FailureCounts clicksDropped = new();
    private readonly Counter<long> clicksPublished;
    private readonly Counter<long> clicksConfirmed;
    private readonly Meter meter;

    public ApiMetrics(IMeterFactory meterFactory)
    {
        meter = meterFactory.Create(MeterName);
        redirects = meter.CreateCounter<long>(RedirectsInstrument, "{redirect}", "Redirect requests by how they were resolved (cache hit, cache miss, not found).");
        cacheLookups = meter.CreateCounter<long>("links.redirect_cache.lookups", "{lookup}", "Redirect cache lookups by result: hit (found, or a cached not-found) or miss (read from Postgres, then cached).");
        meter.CreateObservableCounter("links.redirect_cache.errors", cacheErrors.Observe, "{error}", "Redis calls of the redirect cache that failed or were skipped by the open circuit.");
        meter.CreateObservableCounter("links.rate_limiter.unavailable", rateLimiterUnavailable.Observe, "{request}", "Rate limit checks counted in this process because Redis could not be reached.");
        clicksPublished = meter.CreateCounter<long>("links.clicks.published", "{event}", "Click events sent to RabbitMQ (each attempt).");
        clicksConfirmed = meter.CreateCounter<long>("links.clicks.confirmed", "{event}", "Click events the broker confirmed.");
        meter.CreateObservableCounter("links.clicks.retried", clicksRetried.Observe, "{event}", "Click events sent again after the broker did not confirm them.");
        meter.CreateObservableCounter("links.clicks.dropped", clicksDropped.Observe, "{event}", "Click events lost: the buffer was full, or the replica stopped before the broker confirmed them.");
    }

    public void ObserveClickBuffer(Func<int> depth) =>
        meter.CreateObservableGauge("links.clicks.buffered", depth, "{event}", "Click events waiting in this replica's buffer for the broker.");

    public void ObserveRedirectL1(Func<int> entries, Func<long> heldBytes)
    {
        meter.CreateObservableGauge("links.redirect_cache.l1.entries", entries, "{entry}", "Redirect entries held in this api replica's in-process L1 cache (bounded by RedirectCache:L1MaxEntries).");
        meter.CreateObservableGauge("links.redirect_cache.l1.size", heldBytes, "By", "Bytes of codes and targets held in this api replica's L1 cache (bounded by RedirectCache:L1MaxTargetBytes).");
    }

    public void ObserveReplicationLag(Func<Replication.ReplicationStatus> latest)
    {
        meter.CreateObservableGauge("links.replication.lag.bytes", () => latest().LagBytes is { } bytes ? [new Measurement<long>(bytes)] : Array.Empty<Measurement<long>>(),
            "By", "How many bytes of WAL the replica has not replayed yet (sampled every second).");
        meter.CreateObservableGauge("links.replication.lag.seconds", () => latest().LagSeconds is { } seconds ? [new Measurement<double>(seconds)] : Array.Empty<Measurement<double>>(),
            "s", "Age of the newest transaction the replica has replayed, while it is behind; 0 when caught up.");
    }

    public void ClicksPublished(int count) => clicksPublished.Add(count);

    public void ClicksConfirmed(int count) => clicksConfirmed.Add(count);

    public void ClicksRetried(int count) => clicksRetried.Add(count);

    public void ClicksDropped(int count) => clicksDropped.Add(count);

    public void Redirect(string result) => redirects.Add(1, new KeyValuePair<string, object?>("result", result));

    public void CacheLookup(string result) => cacheLookups.Add(1, new KeyValuePair<string, object?>("result", result));

    public void CacheError(string operation) => cacheErrors.Add(1, operation);

    public void RateLimiterUnavailable(string limiter) => rateLimiterUnavailable.Add(1, limiter);
}
