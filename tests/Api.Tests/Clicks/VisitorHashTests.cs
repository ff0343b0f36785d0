using System.Security.Cryptography;
using System.Text;
using Api.Clicks;
using Microsoft.Extensions.Options;

namespace Api.Tests.Clicks;

public sealed class VisitorHashTests
{
    private const string Key = "a-visitor-hash-key-of-at-least-32-characters";
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 23, 59, 59, TimeSpan.Zero);
    private static readonly DateTimeOffset Tuesday = Monday.AddSeconds(1);

    [Fact]
    public void The_same_visitor_on_the_same_UTC_day_has_one_hash_and_another_on_the_next_day()
    {
        var hash = new VisitorHash(Options.Create(new ClickOptions { VisitorHashKey = Key }));

        var monday = hash.Of("203.0.113.7", "Mozilla/5.0", Monday);

        Assert.Equal(monday, hash.Of("203.0.113.7", "Mozilla/5.0", Monday.AddHours(-23)));
        Assert.NotEqual(monday, hash.Of("203.0.113.8", "Mozilla/5.0", Monday));
        Assert.NotEqual(monday, hash.Of("203.0.113.7", "Mozilla/5.0", Tuesday));
    }

    [Fact]
    public void The_cached_salt_gives_the_hash_of_each_days_own_salt_when_days_alternate()
    {
        var hash = new VisitorHash(Options.Create(new ClickOptions { VisitorHashKey = Key }));

        // Clicks of two days arriving interleaved (around midnight) must not reuse the other day's salt.
        foreach (var at in new[] { Monday, Tuesday, Monday, Tuesday.AddHours(2), Monday.AddHours(-1) })
        {
            Assert.Equal(Expected("198.51.100.1", "curl/8.5.0", at), hash.Of("198.51.100.1", "curl/8.5.0", at));
        }
    }

    [Fact]
    public void The_day_is_the_UTC_day_whatever_the_offset_of_the_time_given()
    {
        var hash = new VisitorHash(Options.Create(new ClickOptions { VisitorHashKey = Key }));

        Assert.Equal(hash.Of("x", "y", Tuesday), hash.Of("x", "y", Tuesday.ToOffset(TimeSpan.FromHours(-5))));
    }

    // The definition: HMAC of address and agent under HMAC(key, "yyyy-MM-dd" of the UTC day).
    private static string Expected(string address, string userAgent, DateTimeOffset at)
    {
        var salt = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Key), Encoding.UTF8.GetBytes(at.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        return Convert.ToHexString(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes($"{address}\n{userAgent}")), 0, 16).ToLowerInvariant();
    }
}
