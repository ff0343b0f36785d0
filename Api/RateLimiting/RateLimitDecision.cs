namespace Api.RateLimiting;

public readonly record struct RateLimitDecision(bool Allowed, TimeSpan RetryAfter)
{
    public static readonly RateLimitDecision Allow = new(true, TimeSpan.Zero);
}
