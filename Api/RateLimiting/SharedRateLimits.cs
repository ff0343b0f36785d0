using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Api.Diagnostics;
using Microsoft.Extensions.Options;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Api.RateLimiting;

// Limits whose counters live in Redis (the RedisRateLimiting library), so a client that spreads its
// requests over every api replica meets one limit, not one per replica.
public sealed class SharedRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> loginPerAccount;
    private readonly PartitionedRateLimiter<string> loginPerClientIp;
    private readonly PartitionedRateLimiter<string> linkCreationPerAccount;
    private readonly ILogger<SharedRateLimits> logger;
    private readonly ApiMetrics metrics;

    public SharedRateLimits(IConnectionMultiplexer redis, IOptions<RateLimitingOptions> options, ILogger<SharedRateLimits> logger, ApiMetrics metrics)
    {
        this.logger = logger;
        this.metrics = metrics;
        loginPerAccount = Create(redis, options.Value.LoginPerAccount);
        loginPerClientIp = Create(redis, options.Value.LoginPerClientIp);
        linkCreationPerAccount = Create(redis, options.Value.LinkCreationPerAccount);
    }

    // Every attempt counts, before the password is checked: guessing is what this limit slows.
    public async Task<RateLimitDecision> AcquireLoginAsync(string? clientIp, string email, CancellationToken cancellationToken)
    {
        var byIp = await AcquireAsync(loginPerClientIp, "login-ip", $"links:rl:login-ip:{clientIp ?? "unknown"}", cancellationToken);
        if (!byIp.Allowed)
        {
            return byIp;
        }
        // Hashed so Redis keys carry no email address.
        var account = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(email.ToLowerInvariant())));
        return await AcquireAsync(loginPerAccount, "login-account", $"links:rl:login-account:{account}", cancellationToken);
    }

    public Task<RateLimitDecision> AcquireLinkCreationAsync(Guid accountId, CancellationToken cancellationToken) =>
        AcquireAsync(linkCreationPerAccount, "link-creation", $"links:rl:link-creation:{accountId}", cancellationToken);

    // Redis unreachable: the request goes through (logged and counted); a cache outage must not lock users out.
    private async Task<RateLimitDecision> AcquireAsync(PartitionedRateLimiter<string> limiter, string name, string key, CancellationToken cancellationToken)
    {
        try
        {
            using var lease = await limiter.AcquireAsync(key, 1, cancellationToken);
            if (lease.IsAcquired)
            {
                return RateLimitDecision.Allow;
            }
            return new RateLimitDecision(false, RetryAfter(lease));
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            logger.LogWarning(exception, "Rate limiter {Limiter} could not reach Redis; the request is let through", name);
            metrics.RateLimiterUnavailable(name);
            return RateLimitDecision.Allow;
        }
    }

    // The library reports whole seconds as an int under the standard metadata name.
    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter.Name, out var value) switch
        {
            true when value is TimeSpan wait => wait,
            true when value is int seconds => TimeSpan.FromSeconds(seconds),
            _ => TimeSpan.FromSeconds(1),
        };

    private static PartitionedRateLimiter<string> Create(IConnectionMultiplexer redis, RateLimitingOptions.FixedWindow window) =>
        PartitionedRateLimiter.Create<string, string>(key => RedisRateLimitPartition.GetFixedWindowRateLimiter(key, _ => new RedisFixedWindowRateLimiterOptions
        {
            ConnectionMultiplexerFactory = () => redis,
            PermitLimit = window.PermitLimit,
            Window = window.Window,
        }));

    public void Dispose()
    {
        loginPerAccount.Dispose();
        loginPerClientIp.Dispose();
        linkCreationPerAccount.Dispose();
    }
}
