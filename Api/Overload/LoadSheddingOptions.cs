namespace Api.Overload;

// Configuration section "LoadShedding": per api replica, how many requests of each expensive kind run at
// once and how many may wait for a turn; the next one is answered 503 with Retry-After. The numbers are in
// Api/appsettings.json (one place, which the tests read too); a limit left out fails the start.
public sealed class LoadSheddingOptions
{
    public const string SectionName = "LoadShedding";

    // PBKDF2 is slow on purpose: one hash at a time per replica leaves the other core to redirects.
    public ConcurrencyLimit PasswordHashing { get; set; } = new();

    // Below the primary pool (ConnectionPools:PrimaryMaximumSize), so writes never take every connection.
    public ConcurrencyLimit LinkWrites { get; set; } = new();

    public ConcurrencyLimit ImportUploads { get; set; } = new();

    public ConcurrencyLimit Stats { get; set; } = new();

    // The public QR codes (GET /{code}/qr): drawing takes CPU that anyone can ask for, so a flood of them queues
    // here and is shed, and the redirects keep the cores.
    public ConcurrencyLimit QrImages { get; set; } = new();

    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    public sealed class ConcurrencyLimit
    {
        public int PermitLimit { get; set; }

        public int QueueLimit { get; set; }
    }
}
