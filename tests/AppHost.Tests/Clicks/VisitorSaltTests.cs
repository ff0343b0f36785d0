using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AppHost.Tests.Infrastructure;
using StackExchange.Redis;

namespace AppHost.Tests.Clicks;

// The visitor hash's salt is random per UTC day, shared by every api replica through Redis
// ("visitor-salt:{day}") and deleted by Redis 48 hours after its day began; no key in any configuration
// can recompute it.
public sealed class VisitorSaltTests(SharedStack shared)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan KeptFor = TimeSpan.FromHours(48);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Todays_and_tomorrows_salts_are_random_and_expire_48_hours_after_their_day_began()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(shared.Stack.ConnectionString("cache"));
        var database = redis.GetDatabase();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        foreach (var day in new[] { today, today.AddDays(1) })
        {
            var key = "visitor-salt:" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var salt = await Eventually.HoldsAsync(async () => (byte[]?)await database.StringGetAsync(key), value => value is not null, Timeout, key);
            Assert.Equal(32, salt!.Length);
            var expiresAt = DateTimeOffset.UtcNow + (await database.KeyTimeToLiveAsync(key) ?? TimeSpan.MaxValue);
            var expected = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) + KeptFor;
            Assert.True((expiresAt - expected).Duration() < TimeSpan.FromMinutes(1), $"{key} expires at {expiresAt:u}, not {expected:u}");
        }
        Assert.DoesNotContain(shared.Stack.Resources.First(r => r.Resource.Name == "api").Snapshot.EnvironmentVariables,
            variable => variable.Name.Contains("VisitorHash", StringComparison.OrdinalIgnoreCase));
    }

    // A replica hashes with a salt of its own until it has read the day's salt (at start, or while Redis is
    // down), so the claim is that within a bounded time every replica uses the one in Redis.
    [Fact]
    public async Task One_visitor_through_every_replica_has_one_hash_made_with_the_salt_in_Redis()
    {
        var replicas = ApiEndpoints.EachReplica(shared.Stack);
        Assert.Equal(3, replicas.Count);
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/one-visitor", Cancellation)).GetProperty("code").GetString()!;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(shared.Stack.ConnectionString("cache"));
        var saltKey = "visitor-salt:" + DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        await Eventually.HoldsAsync(async () =>
        {
            var userAgent = "Mozilla/5.0 (salt test " + Guid.NewGuid().ToString("N") + ")";
            var before = await ClickStore.ClicksAsync(shared.Stack, code);
            foreach (var (_, client) in replicas)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/" + code);
                request.Headers.UserAgent.ParseAdd(userAgent);
                using var response = await client.SendAsync(request, Cancellation);
                Assert.Equal(System.Net.HttpStatusCode.Found, response.StatusCode);
            }
            await Eventually.HoldsAsync(() => ClickStore.ClicksAsync(shared.Stack, code), count => count == before + replicas.Count, Timeout, "a click from every replica");
            var salt = (byte[])(await redis.GetDatabase().StringGetAsync(saltKey))!;
            var expected = Convert.ToHexString(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes($"127.0.0.1\n{userAgent}")), 0, 16).ToLowerInvariant();
            return await ClickStore.ScalarAsync(shared.Stack, "SELECT count(*) FROM clicks WHERE code = @code AND visitor_hash = @hash", ("code", code), ("hash", expected));
        }, sameHash => sameHash == replicas.Count, Timeout, "the visitor's clicks through every replica hashed with the salt in Redis");
    }
}
