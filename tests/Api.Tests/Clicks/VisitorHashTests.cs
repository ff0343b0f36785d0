using System.Security.Cryptography;
using System.Text;
using Api.Clicks;

namespace Api.Tests.Clicks;

public sealed class VisitorHashTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 23, 59, 59, TimeSpan.Zero);
    private static readonly DateTimeOffset Tuesday = Monday.AddSeconds(1);
    private static readonly byte[] MondaySalt = RandomNumberGenerator.GetBytes(VisitorSalts.SaltBytes);
    private static readonly byte[] TuesdaySalt = RandomNumberGenerator.GetBytes(VisitorSalts.SaltBytes);

    [Fact]
    public void The_same_visitor_on_the_same_UTC_day_has_one_hash_and_another_on_the_next_day()
    {
        var hash = new VisitorHash(SharedSalts());

        var monday = hash.Of("203.0.113.7", "Mozilla/5.0", Monday);

        Assert.Equal(monday, hash.Of("203.0.113.7", "Mozilla/5.0", Monday.AddHours(-23)));
        Assert.NotEqual(monday, hash.Of("203.0.113.8", "Mozilla/5.0", Monday));
        Assert.NotEqual(monday, hash.Of("203.0.113.7", "Mozilla/5.0", Tuesday));
    }

    [Fact]
    public void Each_day_hashes_under_its_own_shared_salt_when_days_alternate()
    {
        var hash = new VisitorHash(SharedSalts());

        // Clicks of two days arriving interleaved (around midnight) must not reuse the other day's salt.
        foreach (var at in new[] { Monday, Tuesday, Monday, Tuesday.AddHours(2), Monday.AddHours(-1) })
        {
            Assert.Equal(Expected(at < Tuesday ? MondaySalt : TuesdaySalt, "198.51.100.1", "curl/8.5.0"), hash.Of("198.51.100.1", "curl/8.5.0", at));
        }
    }

    [Fact]
    public void The_day_is_the_UTC_day_whatever_the_offset_of_the_time_given()
    {
        var hash = new VisitorHash(SharedSalts());

        Assert.Equal(hash.Of("x", "y", Tuesday), hash.Of("x", "y", Tuesday.ToOffset(TimeSpan.FromHours(-5))));
    }

    [Fact]
    public void Two_replicas_that_adopted_the_same_salt_agree_and_two_without_it_do_not()
    {
        var (first, second) = (new VisitorHash(SharedSalts()), new VisitorHash(SharedSalts()));
        var (alone, alsoAlone) = (new VisitorHash(new VisitorSalts()), new VisitorHash(new VisitorSalts()));

        Assert.Equal(first.Of("x", "y", Monday), second.Of("x", "y", Monday));
        // Without the shared salt each replica draws its own: stable within the replica, unlinkable across them.
        Assert.Equal(alone.Of("x", "y", Monday), alone.Of("x", "y", Monday.AddHours(-1)));
        Assert.NotEqual(alone.Of("x", "y", Monday), alsoAlone.Of("x", "y", Monday));
    }

    [Fact]
    public void A_shared_salt_adopted_later_replaces_the_replicas_own_and_old_days_are_forgotten()
    {
        var salts = new VisitorSalts();
        var hash = new VisitorHash(salts);
        var ownSalted = hash.Of("x", "y", Monday);

        salts.Adopt(DateOnly.FromDateTime(Monday.UtcDateTime), MondaySalt);

        Assert.Equal(Expected(MondaySalt, "x", "y"), hash.Of("x", "y", Monday));
        Assert.NotEqual(ownSalted, hash.Of("x", "y", Monday));
        salts.ForgetBefore(DateOnly.FromDateTime(Tuesday.UtcDateTime));
        Assert.False(salts.HasShared(DateOnly.FromDateTime(Monday.UtcDateTime)));
    }

    private static VisitorSalts SharedSalts()
    {
        var salts = new VisitorSalts();
        salts.Adopt(DateOnly.FromDateTime(Monday.UtcDateTime), MondaySalt);
        salts.Adopt(DateOnly.FromDateTime(Tuesday.UtcDateTime), TuesdaySalt);
        return salts;
    }

    // The definition: HMAC of address and agent under the day's salt, first 16 bytes in lower-case hex.
    private static string Expected(byte[] salt, string address, string userAgent) =>
        Convert.ToHexString(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes($"{address}\n{userAgent}")), 0, 16).ToLowerInvariant();
}
