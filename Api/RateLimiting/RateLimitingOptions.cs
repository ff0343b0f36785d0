namespace Api.RateLimiting;

// Configuration section "RateLimiting": one fixed window per limit, counted in Redis (in each process while Redis is down).
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    // Wrong passwords for one account from one client address; past it, that address waits for the window.
    public FixedWindow LoginFailuresPerAccountAndAddress { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(5) };

    // Wrong passwords for one account from all addresses together: the backstop against guessing from many addresses.
    public FixedWindow LoginFailuresPerAccount { get; set; } = new() { PermitLimit = 50, Window = TimeSpan.FromMinutes(15) };

    // Every sign-in attempt from one client address, right or wrong, for any account.
    public FixedWindow LoginPerClientIp { get; set; } = new() { PermitLimit = 100, Window = TimeSpan.FromMinutes(1) };

    // Sign-ups from one client address (each runs the password hash, a CPU cost anyone can trigger), whether or not
    // the email is taken, so the 409 for a taken email cannot be used to test many emails either.
    public FixedWindow RegistrationPerClientIp { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromHours(1) };

    public FixedWindow LinkCreationPerAccount { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) };

    // Every request one API key authenticates, whatever it asks for: a runaway script is held back by its own key.
    public FixedWindow ApiKeyRequests { get; set; } = new() { PermitLimit = 600, Window = TimeSpan.FromMinutes(1) };

    public sealed class FixedWindow
    {
        public int PermitLimit { get; set; }

        public TimeSpan Window { get; set; }
    }
}
