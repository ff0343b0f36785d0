using System.Security.Cryptography;
using System.Text;

namespace Api.Clicks;

// Counts distinct visitors without keeping who they are: HMAC of client address and user agent under
// the random salt of the UTC day (VisitorSalts), which Redis deletes after 48 hours, so a hash cannot
// be joined across days nor traced back to an address once its day's salt is gone.
public sealed class VisitorHash(VisitorSalts salts)
{
    public string Of(string? clientAddress, string? userAgent, DateTimeOffset at)
    {
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(salts.SaltOf(DateOnly.FromDateTime(at.UtcDateTime)), Encoding.UTF8.GetBytes($"{clientAddress}\n{userAgent}"), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }
}
