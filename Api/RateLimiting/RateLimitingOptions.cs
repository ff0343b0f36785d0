namespace Api.RateLimiting;

// Configuration section "RateLimiting": one fixed window per limiter, counted in Redis.
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    public FixedWindow LoginPerAccount { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(5) };

    public FixedWindow LoginPerClientIp { get; set; } = new() { PermitLimit = 100, Window = TimeSpan.FromMinutes(1) };

    public FixedWindow LinkCreationPerAccount { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) };

    public sealed class FixedWindow
    {
        public int PermitLimit { get; set; }

        public TimeSpan Window { get; set; }
    }
}
