using Api.Caching;
using Api.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Api.Tests.Caching;

// RedirectCache against a real redis-server: the version rule that keeps the cache from ever going
// back to an older target, and its behaviour when Redis goes away.
public sealed class RedirectCacheTests : IAsyncLifetime
{
    private RedisServer redis = null!;
    private ConnectionMultiplexer connection = null!;
    private RedirectCache cache = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        cache = new RedirectCache(
            connection,
            Options.Create(new RedirectCacheOptions { UnknownCodeTimeToLive = TimeSpan.FromSeconds(30), BreakDuration = TimeSpan.FromSeconds(1) }),
            new ApiMetrics(meters),
            NullLogger<RedirectCache>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        await connection.DisposeAsync();
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task A_fill_read_before_an_edit_cannot_replace_the_edit_that_reached_Redis_first()
    {
        await cache.ApplyChangeAsync("code1", new RedirectEntry(2, "https://example.com/edited"), Cancellation);

        await cache.FillAsync("code1", new RedirectEntry(1, "https://example.com/original"), Cancellation);

        Assert.Equal(new RedirectEntry(2, "https://example.com/edited"), await cache.TryGetAsync("code1", Cancellation));
    }

    [Fact]
    public async Task A_fill_read_before_a_delete_cannot_bring_the_deleted_link_back()
    {
        await cache.FillAsync("code2", new RedirectEntry(1, "https://example.com/live"), Cancellation);
        await cache.ApplyChangeAsync("code2", new RedirectEntry(2, null), Cancellation);

        await cache.FillAsync("code2", new RedirectEntry(1, "https://example.com/live"), Cancellation);

        Assert.Equal(new RedirectEntry(2, null), await cache.TryGetAsync("code2", Cancellation));
    }

    [Fact]
    public async Task A_newer_change_replaces_the_cached_entry_and_an_unknown_code_entry_expires_soon()
    {
        await cache.FillAsync("code3", RedirectEntry.Unknown, Cancellation);
        var unknownTtl = await connection.GetDatabase().KeyTimeToLiveAsync("redirect:code3");

        await cache.ApplyChangeAsync("code3", new RedirectEntry(1, "https://example.com/created"), Cancellation);

        Assert.InRange(unknownTtl!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Assert.Equal(new RedirectEntry(1, "https://example.com/created"), await cache.TryGetAsync("code3", Cancellation));
        Assert.True((await connection.GetDatabase().KeyTimeToLiveAsync("redirect:code3"))!.Value > TimeSpan.FromMinutes(30));
    }

    [Fact]
    public async Task A_target_containing_the_separator_is_read_back_whole()
    {
        var target = "https://example.com/a|b?c=1|2";
        await cache.ApplyChangeAsync("code4", new RedirectEntry(7, target), Cancellation);

        Assert.Equal(new RedirectEntry(7, target), await cache.TryGetAsync("code4", Cancellation));
    }

    [Fact]
    public async Task With_Redis_gone_every_call_returns_without_throwing_and_a_failed_change_distrusts_the_cache_until_pinged_back()
    {
        await cache.ApplyChangeAsync("code5", new RedirectEntry(1, "https://example.com/"), Cancellation);
        await redis.StopAsync();

        for (var i = 0; i < 10; i++)
        {
            Assert.Null(await cache.TryGetAsync("code5", Cancellation));
            Assert.False(await cache.FillAsync("code5", new RedirectEntry(1, "https://example.com/"), Cancellation));
        }
        Assert.False(await cache.ApplyChangeAsync("code5", new RedirectEntry(2, "https://example.com/new"), Cancellation));
        Assert.False(cache.IsTrusted);

        await redis.StartAgainAsync();
        Assert.True(await PingUntilAnsweredAsync());
        Assert.Null(await cache.TryGetAsync("code5", Cancellation)); // still distrusted: refreshes may be pending
        cache.Trust();
        Assert.True(await cache.ApplyChangeAsync("code5", new RedirectEntry(2, "https://example.com/new"), Cancellation));
        Assert.Equal(new RedirectEntry(2, "https://example.com/new"), await cache.TryGetAsync("code5", Cancellation));
    }

    // The circuit stays open for its break duration, then lets a trial call through.
    private async Task<bool> PingUntilAnsweredAsync()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await cache.PingAsync(Cancellation))
            {
                return true;
            }
            await Task.Delay(100, Cancellation);
        }
        return false;
    }
}
