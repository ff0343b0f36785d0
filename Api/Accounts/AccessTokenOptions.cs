using System.ComponentModel.DataAnnotations;

namespace Api.Accounts;

// Configuration section "AccessTokens". The signing key comes from the AppHost's secret parameter.
public sealed class AccessTokenOptions
{
    public const string SectionName = "AccessTokens";
    public const int MinimumSigningKeyBytes = 32;

    public string Issuer { get; set; } = "links-api";

    public string Audience { get; set; } = "links";

    [Range(1, 24 * 60)]
    public int LifetimeMinutes { get; set; } = 60;

    [Required]
    public string SigningKey { get; set; } = "";
}
