using Api.Caching;
using ReadRouting;

namespace Api.Links;

// A committed change to a link, the id of its row in redirect_cache_refreshes (same transaction), and
// the consistency token of its commit.
public sealed record LinkChange(string Code, RedirectEntry Entry, long CacheRefreshId, ConsistencyToken Position);
