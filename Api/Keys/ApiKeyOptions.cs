namespace Api.Keys;

// Configuration section "ApiKeys".
public sealed class ApiKeyOptions
{
    public const string SectionName = "ApiKeys";

    // Keys one account may hold at once, expired ones included (revoking one frees its place).
    public int MaximumPerAccount { get; set; } = 20;

    // How stale lastUsedAt may be: a key's row is written at most this often, not on every request.
    public TimeSpan LastUsedPrecision { get; set; } = TimeSpan.FromMinutes(1);
}
