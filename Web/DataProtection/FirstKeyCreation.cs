using Microsoft.AspNetCore.DataProtection.KeyManagement;
using StackExchange.Redis;

namespace Web.DataProtection;

// Web replicas that start together on an empty Redis would each create a first key, and each would
// then encrypt with a key the other has not loaded (a form from one replica refused by the other).
// Before a replica serves anything, one of them creates the first key under a Redis lock and the
// others wait until they can read it.
public sealed class FirstKeyCreation(IKeyManager keys, IConnectionMultiplexer redis, TimeProvider time, ILogger<FirstKeyCreation> logger) : IHostedService
{
    private const string LockKey = SharedDataProtection.RedisKey + ":first-key-lock";
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(90);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EnsureFirstKeyAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            logger.LogWarning(exception, "Redis did not answer; this replica will use the keys it can read or create its own");
        }
    }

    private async Task EnsureFirstKeyAsync(CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + WaitLimit;
        while (!HasUsableKey())
        {
            if (time.GetUtcNow() > deadline)
            {
                logger.LogWarning("No data-protection key appeared in Redis within {Limit}; this replica will create its own", WaitLimit);
                return;
            }
            var database = redis.GetDatabase();
            var owner = ServiceInstance.Id;
            if (await database.LockTakeAsync(LockKey, owner, WaitLimit))
            {
                try
                {
                    if (!HasUsableKey())
                    {
                        var now = time.GetUtcNow();
                        keys.CreateNewKey(now, now + KeyLifetime);
                    }
                }
                finally
                {
                    await database.LockReleaseAsync(LockKey, owner);
                }
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private bool HasUsableKey()
    {
        var now = time.GetUtcNow();
        return keys.GetAllKeys().Any(key => !key.IsRevoked && key.ActivationDate <= now && key.ExpirationDate > now);
    }
}
