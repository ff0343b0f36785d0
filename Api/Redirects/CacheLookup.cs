using ReadRouting;

namespace Api.Redirects;

// One round trip to Redis on the redirect path: the code's entry, and the fence a fill from the
// replica must respect (null when unknown: then only the primary may fill).
public readonly record struct CacheLookup(RedirectEntry? Entry, ConsistencyToken? Fence);
