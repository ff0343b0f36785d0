namespace Links;

// When a link's redirect answers: only inside [ValidSince, ValidUntil) (either end open when null), only
// while it has served fewer than MaxVisits redirects (no cap when null), and with the request's query string
// merged into the target's when ForwardQuery. The redirect cache holds them with the target, so every
// replica checks them on every request against its clock, from its L1 as much as from Redis.
public sealed record RedirectRules(DateTimeOffset? ValidSince, DateTimeOffset? ValidUntil, long? MaxVisits, bool ForwardQuery)
{
    public static RedirectRules Default { get; } = new(null, null, null, ForwardQuery: true);

    public bool IsDefault => this == Default;

    // No window and no visit limit (most links): every request is let through, without a clock read.
    public bool AlwaysAdmits => ValidSince is null && ValidUntil is null && MaxVisits is null;

    public bool IsValidAt(DateTimeOffset now) => (ValidSince is not { } since || now >= since) && (ValidUntil is not { } until || now < until);
}
