namespace Api.Overload;

// Configuration section "LoadShedding": per api replica, how many requests of each expensive kind run at
// once and how many may wait for a turn; the next one is answered 503 with Retry-After.
public sealed class LoadSheddingOptions
{
    public const string SectionName = "LoadShedding";

    // PBKDF2 is slow on purpose: one hash at a time per replica leaves the other core to redirects.
    public ConcurrencyLimit PasswordHashing { get; set; } = new() { PermitLimit = 1, QueueLimit = 20 };

    // Below the primary pool (ConnectionPools:PrimaryMaximumSize), so writes never take every connection.
    public ConcurrencyLimit LinkWrites { get; set; } = new() { PermitLimit = 6, QueueLimit = 50 };

    public ConcurrencyLimit ImportUploads { get; set; } = new() { PermitLimit = 2, QueueLimit = 8 };

    public ConcurrencyLimit Stats { get; set; } = new() { PermitLimit = 4, QueueLimit = 64 };

    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    public sealed class ConcurrencyLimit
    {
        public int PermitLimit { get; set; }

        public int QueueLimit { get; set; }
    }
}
