using Api.Caching;

namespace Api.Links;

// A committed change to a link, and the id of its row in redirect_cache_refreshes (same transaction).
public sealed record LinkChange(string Code, RedirectEntry Entry, long CacheRefreshId);
