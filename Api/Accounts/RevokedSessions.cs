using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Api.Accounts;

// Sessions signed out before their tokens expired. Each bearer token names its session (the sid claim, kept across
// refreshes); a token of a revoked session is refused. The list lives in Redis, so a sign-out through one replica holds
// on every replica at once, and each replica keeps a copy refreshed every second, so while Redis cannot be reached the
// sessions revoked before the outage stay revoked (one revoked during it holds at once only on the replica that revoked
// it, and on the others once Redis is back). An entry lasts until every token of its session has expired.
public sealed class RevokedSessions(IConnectionMultiplexer redis, IOptions<AccessTokenOptions> tokens, TimeProvider time, ILogger<RevokedSessions> logger)
    : BackgroundService
{
    // A sorted set: session id → until when (Unix ms) a token of it may still be presented.
    public const string Key = "links:revoked-sessions";

    private static readonly TimeSpan RedisTimeout = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan CopyInterval = TimeSpan.FromSeconds(1);

    private readonly Lock gate = new();
    private FrozenDictionary<string, long> copy = FrozenDictionary<string, long>.Empty;
    private readonly Dictionary<string, long> revokedHere = [];

    // False when Redis could not be reached: the session is then revoked on this replica only.
    public async Task<bool> RevokeAsync(string sessionId, CancellationToken cancellationToken)
    {
        // Any token of the session, even one refreshed a moment ago, expires before this (with the validator's clock skew).
        var until = time.GetUtcNow().AddMinutes(tokens.Value.LifetimeMinutes).Add(AccessTokenAuthentication.ClockSkew).ToUnixTimeMilliseconds();
        lock (gate)
        {
            revokedHere[sessionId] = until;
        }
        try
        {
            await redis.GetDatabase().SortedSetAddAsync(Key, sessionId, until).WaitAsync(RedisTimeout, cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            logger.LogWarning(exception, "Session revoked on this replica only: Redis could not be reached");
            return false;
        }
    }

    public async Task<bool> IsRevokedAsync(string sessionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (gate)
        {
            if (revokedHere.TryGetValue(sessionId, out var here) && here > now)
            {
                return true;
            }
        }
        if (!redis.IsConnected)
        {
            return copy.TryGetValue(sessionId, out var copiedWhileDisconnected) && copiedWhileDisconnected > now;
        }
        try
        {
            var until = await redis.GetDatabase().SortedSetScoreAsync(Key, sessionId).WaitAsync(RedisTimeout, cancellationToken);
            return until > now;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            logger.LogDebug(exception, "Revoked sessions checked against this replica's copy: Redis could not be reached");
            return copy.TryGetValue(sessionId, out var copied) && copied > now;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CopyInterval, time);
        do
        {
            using var untraced = UntracedPolling.Begin();
            await CopyAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    // Each second: drops expired entries, takes a fresh copy, and writes what this replica revoked while Redis was away.
    public async Task CopyAsync(CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        try
        {
            var database = redis.GetDatabase();
            await database.SortedSetRemoveRangeByScoreAsync(Key, double.NegativeInfinity, now).WaitAsync(RedisTimeout, stoppingToken);
            var live = (await database.SortedSetRangeByScoreWithScoresAsync(Key, now, double.PositiveInfinity).WaitAsync(RedisTimeout, stoppingToken))
                .ToDictionary(entry => entry.Element.ToString(), entry => (long)entry.Score);
            // Revocations this replica made while Redis could not be reached reach the other replicas now.
            SortedSetEntry[] missing;
            lock (gate)
            {
                missing = [.. revokedHere.Where(entry => entry.Value > now && !live.ContainsKey(entry.Key)).Select(entry => new SortedSetEntry(entry.Key, entry.Value))];
            }
            if (missing.Length > 0)
            {
                await database.SortedSetAddAsync(Key, missing).WaitAsync(RedisTimeout, stoppingToken);
                foreach (var entry in missing)
                {
                    live[entry.Element.ToString()] = (long)entry.Score;
                }
            }
            copy = live.ToFrozenDictionary();
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            logger.LogDebug(exception, "Revoked sessions not copied: Redis could not be reached");
        }
        lock (gate)
        {
            foreach (var expired in revokedHere.Where(entry => entry.Value <= now).Select(entry => entry.Key).ToList())
            {
                revokedHere.Remove(expired);
            }
        }
    }
}
