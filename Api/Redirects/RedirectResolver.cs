using Api.Caching;
using Api.Diagnostics;
using Api.Links;
using LinkRules;

namespace Api.Redirects;

// Code -> target for the hot path: Redis first, Postgres on a miss (the replica when it has replayed
// the cache's fence), and the answer (found or not) written back so the next request for it, through
// any replica, stays off Postgres.
public sealed class RedirectResolver(RedirectCache cache, LinkStore links, ApiMetrics metrics)
{
    // The target URL, or null when the code does not resolve.
    public async Task<string?> ResolveAsync(string code, CancellationToken cancellationToken)
    {
        if (!ShortCode.CouldExist(code))
        {
            metrics.Redirect("not_found");
            return null;
        }

        var lookup = await cache.LookupAsync(code, cancellationToken);
        if (lookup.Entry is { } cached)
        {
            metrics.Redirect(cached.Target is null ? "not_found" : "hit");
            return cached.Target;
        }

        var (entry, _) = await links.ResolveForCacheFillAsync(code, lookup.Fence, cancellationToken);
        await cache.FillAsync(code, entry, cancellationToken);
        metrics.Redirect(entry.Target is null ? "not_found" : "miss");
        return entry.Target;
    }
}
