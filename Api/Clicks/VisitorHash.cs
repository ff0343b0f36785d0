using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Api.Clicks;

// Counts distinct visitors without keeping who they are: HMAC of client address and user agent under
// a salt derived from a secret key and the UTC date, so hashes cannot be joined across days.
public sealed class VisitorHash(IOptions<ClickOptions> options)
{
    public string Of(string? clientAddress, string? userAgent, DateTimeOffset at)
    {
        var day = at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var salt = HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.VisitorHashKey), Encoding.UTF8.GetBytes(day));
        var hash = HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes($"{clientAddress}\n{userAgent}"));
        return Convert.ToHexString(hash, 0, 16).ToLowerInvariant();
    }
}
