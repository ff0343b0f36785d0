using ReadRouting;

namespace Api.Redirects;

// One round trip to Redis on the redirect path: the code's entry, and the fence a fill from the
// replica must respect (null when unknown: then only the primary may fill). Answered: Redis answered
// and is trusted (default: it did not, so neither the entry nor the fence is known).
public readonly record struct CacheLookup(RedirectEntry? Entry, ConsistencyToken? Fence, bool Answered);
