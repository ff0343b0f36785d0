using Api.Accounts;
using Api.Tests.Redirects;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Api.Tests.Accounts;

// RevokedSessions against a real redis-server, with two instances standing for two api replicas: a sign-out through
// one holds on the other at once; with Redis gone, what was revoked before stays revoked from each replica's copy, and
// what a replica revoked during the outage reaches the others once Redis is back.
public sealed class RevokedSessionsTests : IAsyncLifetime
{
    private static readonly IOptions<AccessTokenOptions> Tokens = Options.Create(new AccessTokenOptions { LifetimeMinutes = 15 });

    private RedisServer redis = null!;
    private ConnectionMultiplexer connection = null!;
    private RevokedSessions first = null!;
    private RevokedSessions second = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        first = new RevokedSessions(connection, Tokens, TimeProvider.System, NullLogger<RevokedSessions>.Instance);
        second = new RevokedSessions(connection, Tokens, TimeProvider.System, NullLogger<RevokedSessions>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        await connection.DisposeAsync();
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task A_session_revoked_through_one_replica_is_revoked_on_another_at_once_and_others_are_not()
    {
        Assert.True(await first.RevokeAsync("session-a", Cancellation));

        Assert.True(await second.IsRevokedAsync("session-a", Cancellation));
        Assert.False(await second.IsRevokedAsync("session-b", Cancellation));
        var until = await connection.GetDatabase().SortedSetScoreAsync(RevokedSessions.Key, "session-a");
        Assert.InRange(DateTimeOffset.FromUnixTimeMilliseconds((long)until!.Value) - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(16));
    }

    [Fact]
    public async Task With_Redis_gone_a_session_revoked_before_stays_revoked_from_the_replicas_copy()
    {
        Assert.True(await first.RevokeAsync("session-a", Cancellation));
        await second.CopyAsync(Cancellation);
        await redis.StopAsync();

        Assert.True(await second.IsRevokedAsync("session-a", Cancellation));
        Assert.False(await second.IsRevokedAsync("session-b", Cancellation));
    }

    [Fact]
    public async Task A_session_revoked_while_Redis_is_gone_holds_on_that_replica_at_once_and_on_the_others_once_Redis_is_back()
    {
        await redis.StopAsync();
        Assert.False(await first.RevokeAsync("session-c", Cancellation));
        Assert.True(await first.IsRevokedAsync("session-c", Cancellation));
        Assert.False(await second.IsRevokedAsync("session-c", Cancellation)); // the other replica cannot know yet

        await redis.StartAgainAsync();
        await PingUntilAnsweredAsync();
        await first.CopyAsync(Cancellation);

        Assert.True(await second.IsRevokedAsync("session-c", Cancellation));
    }

    private async Task PingUntilAnsweredAsync()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                await connection.GetDatabase().PingAsync();
                return;
            }
            catch (RedisException)
            {
                await Task.Delay(100, Cancellation);
            }
        }
        Assert.Fail("Redis did not answer again within 10 s.");
    }
}
