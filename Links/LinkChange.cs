using ReadRouting;

namespace Links;

// A committed change to a link: what its code resolves to now (Target null once deleted) at the row's
// new version with its redirect rules, the id of its row in redirect_cache_refreshes (same transaction),
// and the consistency token of its commit. Disabled: an operator turned the link off (Target is null then too).
public sealed record LinkChange(string Code, long Version, string? Target, long CacheRefreshId, ConsistencyToken Position, bool Disabled = false, RedirectRules? Rules = null);
