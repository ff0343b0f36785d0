namespace Api.Redirects;

// Configuration section "RedirectCache".
public sealed class RedirectCacheOptions
{
    public const string SectionName = "RedirectCache";

    public TimeSpan LinkTimeToLive { get; set; } = TimeSpan.FromHours(1);

    // Short: an unknown code may be created at any moment (its creation also overwrites this entry).
    public TimeSpan UnknownCodeTimeToLive { get; set; } = TimeSpan.FromSeconds(30);

    // How long one Redis call may take before the redirect falls back to Postgres.
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    // How long writing a link change to Redis may take before it is left to the retry queue.
    public TimeSpan ChangeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    // How long one shared database read for a missed code (and its cache fill) may take before every
    // request waiting for it fails.
    public TimeSpan FillTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    // How often each replica retries cache refreshes that could not reach Redis.
    public TimeSpan PendingRefreshInterval { get; set; } = TimeSpan.FromSeconds(1);
}
