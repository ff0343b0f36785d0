using System.Globalization;
using Api.Diagnostics;
using Links;
using Microsoft.Extensions.Options;
using ReadRouting;
using StackExchange.Redis;

namespace Api.Redirects;

// Cache-aside for redirects in Redis: "redirect:{code}" -> "{version}|{target}" (target empty: not found;
// DisabledMarker: disabled by an operator, which no URL can be), or "{version}|~{rules}|{target}" for a link
// with redirect rules (RulesMarker: no URL starts with it; see EncodeRules), whose entry lives no longer
// than its validUntil (and the resolver checks the window on every request anyway). A write only lands
// if its version is newer than what is cached, so a slow reader can never put back a target that an
// edit or delete has already replaced. Every change also raises the fence ("redirect-fence", the
// highest consistency token of any link change): a miss may be filled from the replica only once the
// replica has replayed up to it, so an entry that expired or was evicted cannot come back stale from
// a lagging replica. Redis trouble never fails a request: calls time out fast, a circuit opens, and
// the caller reads Postgres.
public sealed class RedirectCache
{
    // The version rule, shared by both scripts: KEYS[1] takes "{ARGV[1]}|{ARGV[2]}" for ARGV[3] ms only
    // if it holds no entry of the same or a newer version.
    private const string SetIfNewer = """
        local current = redis.call('GET', KEYS[1])
        local cachedVersion = current and tonumber(string.match(current, '^(%d+)|'))
        if not (cachedVersion and cachedVersion >= tonumber(ARGV[1])) then
          redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2], 'PX', ARGV[3])
        end
        """;

    private const string SetIfNewerScript = SetIfNewer + "\nreturn 1";

    // Set-if-newer, raise the fence (KEYS[2]) to the change's token (fixed-width hex compares as text),
    // tell every api replica's L1 (see RedirectChangeNotifications) unless no channel is given, and record the change's queued
    // refresh (ARGV[9], when given) as applied in KEYS[4], all in the same step.
    private const string ApplyChangeScript = SetIfNewer + "\n" + """
        local fence = redis.call('GET', KEYS[2])
        if (not fence) or fence < ARGV[4] then
          redis.call('SET', KEYS[2], ARGV[4])
        end
        if ARGV[5] ~= '' then
          local sequence = redis.call('INCR', KEYS[3])
          redis.call('PUBLISH', ARGV[5], 'c|' .. sequence .. '|' .. ARGV[1] .. '|' .. ARGV[6] .. '|' .. ARGV[7] .. '|' .. ARGV[8])
        end
        if ARGV[9] ~= '' then
          redis.call('SADD', KEYS[4], ARGV[9])
        end
        return 1
        """;

    private const string DisabledMarker = "!";
    private const char RulesMarker = '~';

    // Not a possible "redirect:{code}" key, so no code can collide with it.
    public const string FenceKey = "redirect-fence";

    // The ids of queued refreshes (redirect_cache_refreshes) whose change Redis holds; PendingCacheRefreshes
    // deletes their rows in batches. Lost with Redis, so are the changes: the rows then stay and are applied again.
    public const string AppliedRefreshesKey = "redirect-refreshes-applied";

    private readonly IConnectionMultiplexer redis;
    private readonly RedirectChangeNotifications notifications;
    private readonly RedirectCacheOptions options;
    private readonly ApiMetrics metrics;
    private readonly ILogger<RedirectCache> logger;
    private readonly CircuitBreaker failures;
    private readonly CircuitBreaker timeouts;
    private volatile bool trusted = true;
    private long distrusts;
    private readonly Lock trustLock = new();
    private long knownFence; // a WAL position (ulong bits); 0: none known yet

    public RedirectCache(
        IConnectionMultiplexer redis, RedirectChangeNotifications notifications, IOptions<RedirectCacheOptions> options, ApiMetrics metrics, ILogger<RedirectCache> logger)
    {
        this.redis = redis;
        this.notifications = notifications;
        this.options = options.Value;
        this.metrics = metrics;
        this.logger = logger;
        // Two breakers, because a dead Redis and a slow one are different troubles. Redis refusing or
        // failing calls (RedisException: no connection, a server error) opens the first as soon as half
        // of at least 5 calls in 10 s failed. Timeouts open only the second, and only when they persist:
        // 90% of at least 20 calls in 10 s. Under a burst that saturates the cores, some calls pass the
        // 250 ms timeout because this process (or Redis) is starved, not because Redis is gone; opening
        // the circuit then made this replica distrust Redis (every redirect a database read) until the
        // refresh queue drained, which only added load. A frozen Redis (every call times out) or one
        // whose connection is lost (the client queues calls until they time out) still opens it within
        // about 20 calls. Changes to links do not go through them (see ApplyChangeAsync).
        failures = new CircuitBreaker(0.5, 5, SamplingDuration, this.options.BreakDuration, TimeProvider.System, () => Opened("Redis failed"));
        timeouts = new CircuitBreaker(0.9, 20, SamplingDuration, this.options.BreakDuration, TimeProvider.System, () => Opened("Redis timeouts persisted"));
    }

    private static TimeSpan SamplingDuration => TimeSpan.FromSeconds(10);

    private void Opened(string reason)
    {
        // Edits made while Redis was out of reach may not have reached it: distrust what it holds
        // until the pending refreshes have been applied (see PendingCacheRefreshes).
        Distrust();
        logger.LogWarning("Redirect cache circuit opened ({Reason}); redirects read Postgres until Redis answers again", reason);
    }

    // False after Redis failed, until every change made meanwhile has been written to it.
    public bool IsTrusted => trusted;

    // How many times the cache stopped being trusted: what was read from it before may be stale.
    public long Distrusts => Interlocked.Read(ref distrusts);

    private void Distrust()
    {
        lock (trustLock)
        {
            trusted = false;
            Interlocked.Increment(ref distrusts);
        }
    }

    // The highest fence this replica has known: read from Redis by a lookup, or the position of a
    // change this replica applied (whether or not Redis took it). Only grows. Null until the first.
    public ConsistencyToken? KnownFence
    {
        get
        {
            var known = (ulong)Interlocked.Read(ref knownFence);
            return known == 0 ? null : new ConsistencyToken(new NpgsqlTypes.NpgsqlLogSequenceNumber(known));
        }
    }

    private void Know(ConsistencyToken fence)
    {
        var position = (long)(ulong)fence.Position;
        var known = Interlocked.Read(ref knownFence);
        while ((ulong)position > (ulong)known)
        {
            var seen = Interlocked.CompareExchange(ref knownFence, position, known);
            if (seen == known)
            {
                return;
            }
            known = seen;
        }
    }

    // Trusted again after a refresh pass that began when Distrusts was distrustsBefore, unless Redis was
    // distrusted again meanwhile: a change that failed during the pass may have been queued after its claim.
    public void Trust(long distrustsBefore)
    {
        lock (trustLock)
        {
            if (trusted || Interlocked.Read(ref distrusts) != distrustsBefore)
            {
                return;
            }
            trusted = true;
        }
        logger.LogInformation("Redirect cache trusted again: Redis answers and no refresh is pending");
    }

    // Entry null on a miss; Answered false (and both null) on any Redis trouble and while the cache is
    // not trusted.
    public async Task<CacheLookup> LookupAsync(string code, CancellationToken cancellationToken)
    {
        if (!trusted)
        {
            return default;
        }
        if (!TryEnterCircuits())
        {
            metrics.CacheError("get");
            return default;
        }
        try
        {
            var values = await redis.GetDatabase().StringGetAsync([Key(code), FenceKey]).WaitAsync(options.OperationTimeout, cancellationToken);
            RecordOutcome(null);
            var fence = values[1].IsNull ? (ConsistencyToken?)null : ConsistencyToken.FromSortableString(values[1].ToString());
            if (fence is { } seen)
            {
                Know(seen);
            }
            return new CacheLookup(values[0].IsNull ? null : Parse(values[0].ToString()), fence, Answered: true);
        }
        catch (Exception exception) when (RecordOutcome(exception) && IsCacheFailure(exception))
        {
            metrics.CacheError("get");
            return default;
        }
    }

    // A redirect's fill: the entry read from Postgres, unless Redis holds the same or a newer version.
    public Task<bool> FillAsync(string code, RedirectEntry entry, CancellationToken cancellationToken) =>
        EvaluateAsync(throughCircuits: true, SetIfNewerScript, [Key(code)], [.. EntryArguments(entry)], cancellationToken);

    // A committed change to a link, whose commit is at position; its queued refresh, when given, is
    // recorded as applied with it. False when Redis could not be reached (the change stays queued).
    // Changes always try Redis, open circuit or not: while any replica may still read an old entry from
    // Redis, skipping the write would leave that entry in place.
    public async Task<bool> ApplyChangeAsync(string code, RedirectEntry entry, ConsistencyToken position, long? queuedRefreshId, CancellationToken cancellationToken)
    {
        Know(position);
        // A link as created (version 1) needs no L1 told: an L1 holds only entries that redirect, read from Redis, so
        // any copy of this code in any replica is this very version. Creates and imports skip the round of acknowledgements.
        var change = entry.Version > 1 ? notifications.Begin() : null;
        try
        {
            RedisKey[] keys = [Key(code), FenceKey, RedirectChangeNotifications.SequenceKey, AppliedRefreshesKey];
            RedisValue[] arguments =
            [
                .. EntryArguments(entry), position.ToSortableString(), change is null ? RedisValue.EmptyString : RedirectChangeNotifications.ChannelName,
                notifications.ReplicaId, change?.Id ?? 0, code, queuedRefreshId is { } id ? id : RedisValue.EmptyString,
            ];
            if (await EvaluateAsync(throughCircuits: false, ApplyChangeScript, keys, arguments, cancellationToken))
            {
                if (change is not null)
                {
                    await notifications.WaitUntilDroppedEverywhereAsync(change, cancellationToken);
                }
                return true;
            }
        }
        finally
        {
            if (change is not null)
            {
                notifications.End(change);
            }
        }
        Distrust(); // this replica may read the old entry until PendingCacheRefreshes has applied the change
        return false;
    }

    // Up to count ids of queued refreshes Redis has applied, each taken out of the record: the caller
    // deletes their rows (or, if it fails, the rows stay queued and are applied again: harmless). None
    // when Redis does not answer.
    public async Task<long[]> TakeAppliedRefreshesAsync(int count, CancellationToken cancellationToken)
    {
        try
        {
            var taken = await redis.GetDatabase().SetPopAsync(AppliedRefreshesKey, count).WaitAsync(options.ChangeTimeout, cancellationToken);
            return Array.ConvertAll(taken, id => (long)id);
        }
        catch (Exception exception) when (IsCacheFailure(exception))
        {
            return [];
        }
    }

    // After Redis lost the fence (restart, eviction): a position at or past every committed change.
    public async Task<bool> SeedFenceAsync(Func<CancellationToken, Task<ConsistencyToken>> currentPosition, CancellationToken cancellationToken)
    {
        try
        {
            var database = redis.GetDatabase();
            if (await database.KeyExistsAsync(FenceKey).WaitAsync(options.ChangeTimeout, cancellationToken))
            {
                return true;
            }
            var position = await currentPosition(cancellationToken);
            // NX: a change that raised the fence meanwhile is never lowered.
            await database.StringSetAsync(FenceKey, position.ToSortableString(), when: When.NotExists).WaitAsync(options.ChangeTimeout, cancellationToken);
            logger.LogInformation("Redirect cache fence seeded at {Position}", position);
            return true;
        }
        catch (Exception exception) when (IsCacheFailure(exception))
        {
            return false;
        }
    }

    private IEnumerable<RedisValue> EntryArguments(RedirectEntry entry)
    {
        var timeToLive = entry.Version == 0 ? options.UnknownCodeTimeToLive : options.LinkTimeToLive;
        var untilExpiry = entry.Rules?.ValidUntil - TimeProvider.System.GetUtcNow();
        if (untilExpiry > TimeSpan.Zero && untilExpiry < timeToLive)
        {
            timeToLive = untilExpiry.Value;
        }
        var value = entry.Disabled ? DisabledMarker : entry.Rules is { } rules && entry.Target is { } target ? EncodeRules(rules) + "|" + target : entry.Target ?? "";
        return [entry.Version, value, Math.Max(1, (long)Math.Ceiling(timeToLive.TotalMilliseconds))];
    }

    // "~{validSince};{validUntil};{maxVisits};{forwardQuery}", instants in unix microseconds, each empty when unset.
    private static string EncodeRules(RedirectRules rules) => string.Create(CultureInfo.InvariantCulture,
        $"{RulesMarker}{Micros(rules.ValidSince)};{Micros(rules.ValidUntil)};{rules.MaxVisits};{(rules.ForwardQuery ? 1 : 0)}");

    private static long? Micros(DateTimeOffset? instant) => instant is { } at ? (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10 : null;

    private static RedirectRules DecodeRules(string text)
    {
        var parts = text.Split(';');
        static long? Number(string part) => part.Length == 0 ? null : long.Parse(part, CultureInfo.InvariantCulture);
        static DateTimeOffset? Instant(string part) => Number(part) is { } micros ? DateTimeOffset.UnixEpoch.AddTicks(micros * 10) : null;
        return new RedirectRules(Instant(parts[0]), Instant(parts[1]), Number(parts[2]), parts[3] == "1");
    }

    private async Task<bool> EvaluateAsync(bool throughCircuits, string script, RedisKey[] keys, RedisValue[] arguments, CancellationToken cancellationToken)
    {
        if (throughCircuits && !TryEnterCircuits())
        {
            metrics.CacheError("set");
            return false;
        }
        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(script, keys, arguments)
                .WaitAsync(throughCircuits ? options.OperationTimeout : options.ChangeTimeout, cancellationToken);
            return !throughCircuits || RecordOutcome(null);
        }
        catch (Exception exception) when ((!throughCircuits || RecordOutcome(exception)) && IsCacheFailure(exception))
        {
            metrics.CacheError("set");
            return false;
        }
    }

    // A round trip through the same circuits, to learn whether Redis answers again.
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        if (!TryEnterCircuits())
        {
            return false;
        }
        try
        {
            await redis.GetDatabase().PingAsync().WaitAsync(options.OperationTimeout, cancellationToken);
            return RecordOutcome(null);
        }
        catch (Exception exception) when (RecordOutcome(exception) && IsCacheFailure(exception))
        {
            return false;
        }
    }

    private bool TryEnterCircuits()
    {
        if (!failures.TryEnter())
        {
            return false;
        }
        if (!timeouts.TryEnter())
        {
            failures.Abandoned();
            return false;
        }
        return true;
    }

    // Each breaker counts only its own kind of failure; any other outcome counts as a success for it.
    // Always true, so it can sit in an exception filter.
    private bool RecordOutcome(Exception? exception)
    {
        if (exception is RedisException)
        {
            failures.Failed();
        }
        else
        {
            failures.Succeeded();
        }
        if (exception is TimeoutException)
        {
            timeouts.Failed();
        }
        else
        {
            timeouts.Succeeded();
        }
        return true;
    }

    private static string Key(string code) => "redirect:" + code;

    private static RedirectEntry Parse(string value)
    {
        var separator = value.IndexOf('|', StringComparison.Ordinal);
        var version = long.Parse(value.AsSpan(0, separator), CultureInfo.InvariantCulture);
        var target = value[(separator + 1)..];
        if (target.StartsWith(RulesMarker))
        {
            var rulesEnd = target.IndexOf('|', StringComparison.Ordinal);
            return new RedirectEntry(version, target[(rulesEnd + 1)..], Rules: DecodeRules(target[1..rulesEnd]));
        }
        return target == DisabledMarker ? new RedirectEntry(version, null, Disabled: true) : new RedirectEntry(version, target.Length == 0 ? null : target);
    }

    private static bool IsCacheFailure(Exception exception) =>
        exception is RedisException or TimeoutException or ObjectDisposedException;
}
