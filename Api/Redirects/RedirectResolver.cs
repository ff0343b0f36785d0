using System.Diagnostics;
using Api.Diagnostics;
using Links;
using ReadRouting;

namespace Api.Redirects;

// Code -> target for the hot path: Redis first, Postgres on a miss (the replica when it has replayed
// the cache's fence), and the answer (found or not) written back so the next request for it, through
// any replica, stays off Postgres.
public sealed class RedirectResolver(RedirectCache cache, LinksDatabase database, ApiMetrics metrics)
{
    // The target URL, or null when the code does not resolve.
    public async Task<string?> ResolveAsync(string code, CancellationToken cancellationToken)
    {
        if (!ShortCode.CouldExist(code))
        {
            Resolved("not_found", cacheResult: null);
            return null;
        }

        var lookup = await cache.LookupAsync(code, cancellationToken);
        if (lookup.Entry is { } cached)
        {
            Resolved(cached.Target is null ? "not_found" : "hit", cacheResult: "hit");
            return cached.Target;
        }

        var (entry, _) = await ReadForCacheFillAsync(code, lookup.Fence, cancellationToken);
        await cache.FillAsync(code, entry, cancellationToken);
        Resolved(entry.Target is null ? "not_found" : "miss", cacheResult: "miss");
        return entry.Target;
    }

    // Its answer is written to Redis, so it may come from the replica only if the replica has replayed
    // every link change up to the cache's fence; with no fence known, only the primary is safe. A miss
    // never waits for the replica: the primary answers at once.
    private async Task<RoutedRead<RedirectEntry>> ReadForCacheFillAsync(string code, ConsistencyToken? fence, CancellationToken cancellationToken)
    {
        if (fence is null)
        {
            var entry = await database.ReadPrimaryAsync((connection, cancellation) => RedirectEntry.ReadCurrentAsync(connection, code, cancellation), cancellationToken);
            return new RoutedRead<RedirectEntry>(entry, ReadSource.Primary);
        }
        return await database.ReadAsync(fence, TimeSpan.Zero, (connection, cancellation) => RedirectEntry.ReadCurrentAsync(connection, code, cancellation), cancellationToken);
    }

    // Counted, and written on the request's span so the dashboard's trace says hit or miss.
    private void Resolved(string result, string? cacheResult)
    {
        metrics.Redirect(result);
        Activity.Current?.SetTag(ApiMetrics.RedirectResultAttribute, result);
        if (cacheResult is not null)
        {
            metrics.CacheLookup(cacheResult);
            Activity.Current?.SetTag(ApiMetrics.CacheResultAttribute, cacheResult);
        }
    }
}
