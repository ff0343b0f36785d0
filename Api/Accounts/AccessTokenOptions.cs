using System.ComponentModel.DataAnnotations;

namespace Api.Accounts;

// Configuration section "AccessTokens". The signing key comes from the AppHost's secret parameter.
public sealed class AccessTokenOptions
{
    public const string SectionName = "AccessTokens";
    public const int MinimumSigningKeyBytes = 32;

    public string Issuer { get; set; } = "links-api";

    public string Audience { get; set; } = "links";

    // How long one access token is valid; a client renews it before then (POST /api/auth/refresh).
    [Range(1, 24 * 60)]
    public int LifetimeMinutes { get; set; } = 15;

    // How long after signing in a session can still be renewed; then its owner signs in again.
    [Range(1, 24 * 30)]
    public int SessionLifetimeHours { get; set; } = 12;

    [Required]
    public string SigningKey { get; set; } = "";
}
