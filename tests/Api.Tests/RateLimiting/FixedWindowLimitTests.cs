using Api.Diagnostics;
using Api.RateLimiting;
using Api.Tests.Redirects;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Api.Tests.RateLimiting;

// FixedWindowLimit against a real redis-server: a peek takes nothing, a count takes one, two limits on one
// Redis share their counts (as two api replicas do), and with Redis gone the same numbers hold in process.
public sealed class FixedWindowLimitTests : IAsyncLifetime
{
    private const int Permits = 3;
    private static readonly RateLimitingOptions.FixedWindow Window = new() { PermitLimit = Permits, Window = TimeSpan.FromMinutes(5) };

    private RedisServer redis = null!;
    private ConnectionMultiplexer connection = null!;
    private ApiMetrics metrics = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        metrics = new ApiMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
    }

    public async ValueTask DisposeAsync()
    {
        await connection.DisposeAsync();
        await redis.DisposeAsync();
    }

    private FixedWindowLimit NewLimit() => new("test", Window, connection, NullLogger.Instance, metrics);

    [Fact]
    public async Task Peeks_take_nothing_and_counts_on_two_replicas_share_one_window()
    {
        using var first = NewLimit();
        using var second = NewLimit();
        var key = "test:" + Guid.NewGuid();

        for (var i = 0; i < 10; i++)
        {
            Assert.True((await first.PeekAsync(key, Cancellation)).Allowed);
        }
        Assert.True((await first.CountAsync(key, Cancellation)).Allowed);
        Assert.True((await second.CountAsync(key, Cancellation)).Allowed);
        Assert.True((await second.PeekAsync(key, Cancellation)).Allowed);
        Assert.True((await first.CountAsync(key, Cancellation)).Allowed);

        var peek = await second.PeekAsync(key, Cancellation);
        var count = await second.CountAsync(key, Cancellation);
        Assert.False(peek.Allowed);
        Assert.False(count.Allowed);
        Assert.True(peek.RetryAfter > TimeSpan.Zero && peek.RetryAfter <= Window.Window, $"Retry-After {peek.RetryAfter}");
        Assert.True((await first.PeekAsync("test:other", Cancellation)).Allowed);
    }

    [Fact]
    public async Task With_Redis_gone_the_same_numbers_are_counted_in_process()
    {
        using var limit = NewLimit();
        var key = "test:" + Guid.NewGuid();
        await redis.StopAsync();

        for (var i = 0; i < Permits; i++)
        {
            Assert.True((await limit.PeekAsync(key, Cancellation)).Allowed);
            Assert.True((await limit.CountAsync(key, Cancellation)).Allowed);
        }

        Assert.False((await limit.PeekAsync(key, Cancellation)).Allowed);
        Assert.False((await limit.CountAsync(key, Cancellation)).Allowed);
        Assert.True((await limit.PeekAsync("test:other", Cancellation)).Allowed);
    }
}
