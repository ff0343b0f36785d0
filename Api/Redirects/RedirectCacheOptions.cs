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

    // Each api replica's in-process copy of hot entries (RedirectL1Cache): how many codes, and how many
    // bytes of codes and targets, it may hold.
    public int L1MaxEntries { get; set; } = 10_000;

    public long L1MaxTargetBytes { get; set; } = 8 * 1024 * 1024;

    // How often each api replica sends itself a heartbeat through Redis pub/sub, and for how long after
    // sending the last one it got back it may serve from its L1 (RedirectChangeNotifications). The lease
    // is also the longest a link change waits for the other replicas to drop their copies.
    public TimeSpan L1HeartbeatInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan L1Lease { get; set; } = TimeSpan.FromMilliseconds(500);
}
