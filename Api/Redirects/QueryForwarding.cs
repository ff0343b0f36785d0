namespace Api.Redirects;

// forwardQuery: the request's query string (as sent, still encoded) added after the target's own
// parameters, and the target's fragment kept last. Nothing is decoded, reordered or deduplicated, so a
// parameter given by both appears twice, the target's first.
public static class QueryForwarding
{
    public static string Merge(string target, QueryString request)
    {
        var added = request.HasValue ? request.Value!.TrimStart('?') : "";
        if (added.Length == 0)
        {
            return target;
        }
        var fragmentAt = target.IndexOf('#', StringComparison.Ordinal);
        var (beforeFragment, fragment) = fragmentAt < 0 ? (target, "") : (target[..fragmentAt], target[fragmentAt..]);
        var separator = !beforeFragment.Contains('?', StringComparison.Ordinal) ? "?" : beforeFragment.EndsWith('?') || beforeFragment.EndsWith('&') ? "" : "&";
        return beforeFragment + separator + added + fragment;
    }
}
