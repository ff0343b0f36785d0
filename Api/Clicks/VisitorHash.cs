using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Api.Clicks;

// Counts distinct visitors without keeping who they are: HMAC of client address and user agent under
// a salt derived from a secret key and the UTC date, so hashes cannot be joined across days. The salt
// is computed once per day and kept with its day in one immutable record, swapped whole.
public sealed class VisitorHash(IOptions<ClickOptions> options)
{
    private readonly byte[] key = Encoding.UTF8.GetBytes(options.Value.VisitorHashKey);
    private DaySalt? current;

    public string Of(string? clientAddress, string? userAgent, DateTimeOffset at)
    {
        var hash = HMACSHA256.HashData(SaltOf(DateOnly.FromDateTime(at.UtcDateTime)), Encoding.UTF8.GetBytes($"{clientAddress}\n{userAgent}"));
        return Convert.ToHexString(hash, 0, 16).ToLowerInvariant();
    }

    private byte[] SaltOf(DateOnly day)
    {
        if (Volatile.Read(ref current) is { } cached && cached.Day == day)
        {
            return cached.Salt;
        }
        var salt = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        Volatile.Write(ref current, new DaySalt(day, salt));
        return salt;
    }

    private sealed record DaySalt(DateOnly Day, byte[] Salt);
}
