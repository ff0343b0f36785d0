namespace Benchmarks.Scenarios;

// The scenarios' names in the report and its JSON.
public static class Names
{
    public const string Ceiling = "bare-kestrel-302";
    public const string RedirectHit = "redirect-cache-hit";
    public const string RedirectHitHead = "redirect-cache-hit-head-no-click";
    public const string RedirectHitHalfRate = "redirect-cache-hit-half-rate";
    public const string RedirectHitOneReplicaDirect = "redirect-cache-hit-one-replica-no-proxy";
    public const string RedirectMiss = "redirect-cache-miss";
    public const string RedirectUnknown = "redirect-unknown-code";
    public const string CreateLink = "create-link";
    public const string ListLinks = "list-my-links";
    public const string Analytics = "analytics-busy-link";
    public const string BurstNewLink = "burst-new-link";
    public const string BurstMixed = "burst-mixed";
}
