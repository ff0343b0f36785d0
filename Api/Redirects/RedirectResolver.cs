using System.Collections.Concurrent;
using System.Diagnostics;
using Api.Diagnostics;
using Api.Problems;
using Api.Replication;
using Links;
using Microsoft.Extensions.Options;
using ReadRouting;

namespace Api.Redirects;

// Code -> target for the hot path: this replica's L1 first (while it is coherent with Redis), then
// Redis, Postgres on a miss (the replica when it has replayed the cache's fence), and the answer
// (found or not) written back so the next request for it, through any replica, stays off Postgres.
public sealed class RedirectResolver(
    RedirectCache cache,
    RedirectL1Cache l1,
    RedirectChangeNotifications notifications,
    LinksDatabase database,
    ReplicationMonitor replication,
    IOptions<RedirectCacheOptions> options,
    TimeProvider time,
    ApiMetrics metrics)
{
    // Set on a request's span when it waited for another request's read of the same code.
    public const string SharedReadAttribute = "links.redirect_cache.shared_read";

    // Set on a request's span when its answer came from this replica's L1, not from Redis.
    public const string L1HitAttribute = "links.redirect_cache.l1";

    // How old the replication monitor's sample of the primary's position (taken every second) may be
    // for a read without Redis to use it as its fence.
    private static readonly TimeSpan MaxSampleAge = TimeSpan.FromSeconds(3);

    // The database reads in flight on this replica, one per code. Each is removed when it ends, found,
    // not found or failed, so nothing outlives its read and a failure is never reused.
    private readonly ConcurrentDictionary<string, Task<RedirectEntry>> reads = new(StringComparer.Ordinal);

    // RedirectCache.Distrusts when the L1 was last cleared for it.
    private long l1ClearedForDistrusts;

    // What the code resolves to: its target, not found, or disabled; counted in links.redirects.
    public Task<RedirectEntry> ResolveAsync(string code, CancellationToken cancellationToken) =>
        ResolveAsync(code, isRedirect: true, cancellationToken);

    // The same answer, the same way, for a request that is not a redirect (the link's QR code): not counted in
    // links.redirects, which the system page shows as redirects.
    public Task<RedirectEntry> ResolveWithoutRedirectAsync(string code, CancellationToken cancellationToken) =>
        ResolveAsync(code, isRedirect: false, cancellationToken);

    private async Task<RedirectEntry> ResolveAsync(string code, bool isRedirect, CancellationToken cancellationToken)
    {
        if (!ShortCode.CouldExist(code))
        {
            Resolved("not_found", cacheResult: null, isRedirect);
            return RedirectEntry.Unknown;
        }

        var l1Usable = L1Usable();
        if (l1Usable && l1.TryGet(code, out var held))
        {
            Activity.Current?.SetTag(L1HitAttribute, true);
            Resolved("hit", cacheResult: "hit", isRedirect);
            return held;
        }

        var l1Generation = l1.Generation; // before the lookup: a change notified after it voids the answer for the L1
        var lookup = await cache.LookupAsync(code, cancellationToken);
        if (lookup.Entry is { } cached)
        {
            if (l1Usable)
            {
                l1.Offer(code, cached, l1Generation);
            }
            Resolved(Outcome(cached, found: "hit"), cacheResult: "hit", isRedirect);
            return cached;
        }

        var entry = await ReadOnceAsync(code, lookup, cancellationToken);
        Resolved(Outcome(entry, found: "miss"), cacheResult: "miss", isRedirect);
        return entry;
    }

    private static string Outcome(RedirectEntry entry, string found) =>
        entry.Target is not null ? found : entry.Disabled ? "disabled" : "not_found";

    // The L1 is as trustworthy as Redis, and only while no change notification can have been missed;
    // whatever it held when Redis stopped being trusted is dropped.
    private bool L1Usable()
    {
        if (!cache.IsTrusted || !notifications.L1IsCoherent)
        {
            return false;
        }
        var distrusts = cache.Distrusts;
        // A plain read first: every redirect passes here, and a write per request would bounce the cache line between cores.
        if (Volatile.Read(ref l1ClearedForDistrusts) != distrusts && Interlocked.Exchange(ref l1ClearedForDistrusts, distrusts) != distrusts)
        {
            l1.Clear();
        }
        return true;
    }

    // Single flight: concurrent misses for one code on this replica make one database read (and one
    // fill) and share its answer, so a burst on a hot code whose entry expired costs Postgres one read
    // per api replica, not one per request. A request that joins sees what a read started after its own
    // lookup missed would see: the change that could make the shared answer old would have put its
    // entry in Redis before that lookup. The read runs on its own timeout, not on any request's
    // cancellation: a waiter that gives up stops waiting, the others still get the answer. Not closed:
    // a request whose lookup missed just before a read's fill landed, and that gets here just after
    // that read ended, starts a read of its own (a narrow window; it costs one more read, nothing else).
    private async Task<RedirectEntry> ReadOnceAsync(string code, CacheLookup lookup, CancellationToken cancellationToken)
    {
        var mine = new TaskCompletionSource<RedirectEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        var read = reads.GetOrAdd(code, mine.Task);
        if (read == mine.Task)
        {
            _ = ReadAndCompleteAsync(code, lookup, mine);
        }
        else
        {
            Activity.Current?.SetTag(SharedReadAttribute, true);
        }
        return await read.WaitAsync(cancellationToken);
    }

    private async Task ReadAndCompleteAsync(string code, CacheLookup lookup, TaskCompletionSource<RedirectEntry> read)
    {
        using var timeout = new CancellationTokenSource(options.Value.FillTimeout, time);
        try
        {
            read.SetResult(await ReadAndFillAsync(code, lookup, timeout.Token));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            read.SetException(new DatabaseBusyException($"Reading short code {code} for a redirect took longer than {options.Value.FillTimeout}."));
        }
        catch (Exception exception)
        {
            read.SetException(exception);
        }
        finally
        {
            reads.TryRemove(KeyValuePair.Create(code, read.Task));
        }
    }

    private async Task<RedirectEntry> ReadAndFillAsync(string code, CacheLookup lookup, CancellationToken cancellationToken)
    {
        if (!lookup.Answered)
        {
            return await ReadWithoutRedisAsync(code, cancellationToken);
        }
        var (entry, _) = await ReadForCacheFillAsync(code, lookup.Fence, cancellationToken);
        await cache.FillAsync(code, entry, cancellationToken);
        return entry;
    }

    // Its answer is written to Redis, so it may come from the replica only if the replica has replayed
    // every link change up to the cache's fence; with no fence known, only the primary is safe. A miss
    // never waits for the replica: the primary answers at once.
    private async Task<RoutedRead<RedirectEntry>> ReadForCacheFillAsync(string code, ConsistencyToken? fence, CancellationToken cancellationToken)
    {
        var read = RedirectEntry.Current(code);
        if (fence is not { } replayed)
        {
            var entry = await database.ReadPrimaryAsync(read.RunAsync, cancellationToken);
            return new RoutedRead<RedirectEntry>(entry, ReadSource.Primary);
        }
        return await database.ReadIfReplayedAsync(replayed, read, cancellationToken);
    }

    // Redis did not answer (slow, down, circuit open) or is not trusted: the fence in Redis is unknown.
    // Reading the primary for every such miss is what turned a slow Redis into an overloaded primary,
    // so the replica answers whenever it has replayed the highest of two positions, without waiting:
    // - the last fence this replica knew (from a lookup, or a change it applied itself), so it never
    //   answers older than anything it has already served or changed, and
    // - the primary's position as the replication monitor last sampled it (at most MaxSampleAge ago),
    //   which covers every change committed before that sample, through any api replica.
    // What this guarantees: the answer reflects every change committed more than about MaxSampleAge
    // ago. A change another api replica committed since the last sample may be missed while the replica
    // has not replayed it, and only until the next sample (about a second) raises the fence past it:
    // then the replica has replayed it or the primary answers. That staleness stays in this answer: it
    // is never written to Redis (nor is a primary answer here: Redis is not answering, or not trusted
    // yet), so it cannot outlive the request. With no recent sample, the primary answers, as it does
    // when the replica is behind or down.
    private async Task<RedirectEntry> ReadWithoutRedisAsync(string code, CancellationToken cancellationToken)
    {
        var read = RedirectEntry.Current(code);
        if (replication.PrimaryPosition is { } sampled && time.GetUtcNow() - sampled.SampledAt <= MaxSampleAge)
        {
            var fence = ConsistencyToken.Latest(cache.KnownFence, sampled.Position);
            return (await database.ReadIfReplayedAsync(fence, read, cancellationToken)).Value;
        }
        return await database.ReadPrimaryAsync(read.RunAsync, cancellationToken);
    }

    // Counted, and written on the request's span so the dashboard's trace says hit or miss.
    private void Resolved(string result, string? cacheResult, bool isRedirect)
    {
        if (isRedirect)
        {
            metrics.Redirect(result);
        }
        Activity.Current?.SetTag(ApiMetrics.RedirectResultAttribute, result);
        if (cacheResult is not null)
        {
            metrics.CacheLookup(cacheResult);
            Activity.Current?.SetTag(ApiMetrics.CacheResultAttribute, cacheResult);
        }
    }
}
