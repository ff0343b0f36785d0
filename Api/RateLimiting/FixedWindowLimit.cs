using System.Globalization;
using System.Threading.RateLimiting;
using Api.Diagnostics;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Api.RateLimiting;

// One fixed-window limit, counted in Redis (the RedisRateLimiting library) so that a client spreading its
// requests over every api replica meets one limit. While Redis cannot be reached it is counted in this process
// (System.Threading.RateLimiting) with the same numbers: an outage loosens a limit by the number of replicas,
// it never lifts it (password guessing must not become unlimited while Redis is down).
public sealed class FixedWindowLimit : IDisposable
{
    // A Redis that is down queues commands until the client's 5 s timeout; a limit check must not wait that long.
    private static readonly TimeSpan RedisTimeout = TimeSpan.FromMilliseconds(500);

    private readonly string name;
    private readonly PartitionedRateLimiter<string> shared;
    private readonly PartitionedRateLimiter<string> local;
    private readonly ILogger logger;
    private readonly ApiMetrics metrics;

    public FixedWindowLimit(string name, RateLimitingOptions.FixedWindow window, IConnectionMultiplexer redis, ILogger logger, ApiMetrics metrics)
    {
        this.name = name;
        this.logger = logger;
        this.metrics = metrics;
        shared = PartitionedRateLimiter.Create<string, string>(key => RedisRateLimitPartition.GetFixedWindowRateLimiter(key, _ => new RedisFixedWindowRateLimiterOptions
        {
            ConnectionMultiplexerFactory = () => redis,
            PermitLimit = window.PermitLimit,
            Window = window.Window,
        }));
        local = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = window.PermitLimit,
            Window = window.Window,
            QueueLimit = 0,
        }));
    }

    // Counts one more against the key; refused when the window's permits are spent.
    public async Task<RateLimitDecision> CountAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            using var lease = await shared.AcquireAsync(key, 1, cancellationToken).AsTask().WaitAsync(RedisTimeout, cancellationToken);
            return lease.IsAcquired ? RateLimitDecision.Allow : new RateLimitDecision(false, RetryAfter(lease));
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            Unavailable(exception);
            using var lease = local.AttemptAcquire(key, 1);
            return lease.IsAcquired ? RateLimitDecision.Allow : new RateLimitDecision(false, RetryAfter(lease));
        }
    }

    // Whether the window has a permit left for the key, without taking one.
    public async Task<RateLimitDecision> PeekAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            // Zero permits: the library reads the count without adding to it, and says what is left.
            using var lease = await shared.AcquireAsync(key, 0, cancellationToken).AsTask().WaitAsync(RedisTimeout, cancellationToken);
            var left = lease.TryGetMetadata(RateLimitMetadataName.Remaining.Name, out var remaining) && remaining is not null
                ? Convert.ToInt64(remaining, CultureInfo.InvariantCulture)
                : 1;
            return left > 0 ? RateLimitDecision.Allow : new RateLimitDecision(false, RetryAfter(lease));
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            Unavailable(exception);
            using var lease = local.AttemptAcquire(key, 0);
            return lease.IsAcquired ? RateLimitDecision.Allow : new RateLimitDecision(false, RetryAfter(lease));
        }
    }

    private void Unavailable(Exception exception)
    {
        logger.LogWarning(exception, "Rate limiter {Limiter} could not reach Redis; counted in this process until it answers", name);
        metrics.RateLimiterUnavailable(name);
    }

    // RedisRateLimiting reports whole seconds as an int, System.Threading.RateLimiting a TimeSpan.
    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter.Name, out var value) switch
        {
            true when value is TimeSpan wait && wait > TimeSpan.Zero => wait,
            true when value is int seconds && seconds > 0 => TimeSpan.FromSeconds(seconds),
            _ => TimeSpan.FromSeconds(1),
        };

    public void Dispose()
    {
        shared.Dispose();
        local.Dispose();
    }
}
