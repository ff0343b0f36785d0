namespace Api.Analytics;

// Configuration section "LinkStats".
public sealed class LinkStatsOptions
{
    public const string SectionName = "LinkStats";

    // Stats move only as fast as the Worker writes rollups; a few seconds of reuse spares Postgres.
    public TimeSpan CacheTimeToLive { get; set; } = TimeSpan.FromSeconds(10);
}
