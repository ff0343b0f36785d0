using Api.Diagnostics;
using Api.Redirects;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NpgsqlTypes;
using ReadRouting;
using StackExchange.Redis;

namespace Api.Tests.Redirects;

// RedirectCache against a real redis-server: the version rule that keeps the cache from ever going
// back to an older target, the fence that keeps a lagging replica from filling it, and its behaviour
// when Redis goes away.
public sealed class RedirectCacheTests : IAsyncLifetime
{
    private RedisServer redis = null!;
    private ConnectionMultiplexer connection = null!;
    private RedirectChangeNotifications notifications = null!;
    private RedirectCache cache = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        // A second for each Redis call, not the Api's 250 ms: a lookup that times out is a miss, and these tests run while
        // the other test projects load both cores (one did time out in CI).
        var options = Options.Create(new RedirectCacheOptions
        {
            UnknownCodeTimeToLive = TimeSpan.FromSeconds(30),
            BreakDuration = TimeSpan.FromSeconds(1),
            OperationTimeout = TimeSpan.FromSeconds(1),
        });
        var metrics = new ApiMetrics(meters);
        notifications = new RedirectChangeNotifications(
            connection, new RedirectL1Cache(options, metrics), options, TimeProvider.System, NullLogger<RedirectChangeNotifications>.Instance);
        await notifications.StartAsync(Cancellation);
        cache = new RedirectCache(connection, notifications, options, metrics, NullLogger<RedirectCache>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        await notifications.StopAsync(CancellationToken.None);
        notifications.Dispose();
        await connection.DisposeAsync();
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task A_fill_read_before_an_edit_cannot_replace_the_edit_that_reached_Redis_first()
    {
        await cache.ApplyChangeAsync("code1", new RedirectEntry(2, "https://example.com/edited"), At(1), queuedRefreshId: null, Cancellation);

        await cache.FillAsync("code1", new RedirectEntry(1, "https://example.com/original"), Cancellation);

        Assert.Equal(new RedirectEntry(2, "https://example.com/edited"), (await cache.LookupAsync("code1", Cancellation)).Entry);
    }

    [Fact]
    public async Task A_fill_read_before_a_delete_cannot_bring_the_deleted_link_back()
    {
        await cache.FillAsync("code2", new RedirectEntry(1, "https://example.com/live"), Cancellation);
        await cache.ApplyChangeAsync("code2", new RedirectEntry(2, null), At(1), queuedRefreshId: null, Cancellation);

        await cache.FillAsync("code2", new RedirectEntry(1, "https://example.com/live"), Cancellation);

        Assert.Equal(new RedirectEntry(2, null), (await cache.LookupAsync("code2", Cancellation)).Entry);
    }

    [Fact]
    public async Task A_newer_change_replaces_the_cached_entry_and_an_unknown_code_entry_expires_soon()
    {
        await cache.FillAsync("code3", RedirectEntry.Unknown, Cancellation);
        var unknownTtl = await connection.GetDatabase().KeyTimeToLiveAsync("redirect:code3");

        await cache.ApplyChangeAsync("code3", new RedirectEntry(1, "https://example.com/created"), At(1), queuedRefreshId: null, Cancellation);

        Assert.InRange(unknownTtl!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Assert.Equal(new RedirectEntry(1, "https://example.com/created"), (await cache.LookupAsync("code3", Cancellation)).Entry);
        Assert.True((await connection.GetDatabase().KeyTimeToLiveAsync("redirect:code3"))!.Value > TimeSpan.FromMinutes(30));
    }

    [Fact]
    public async Task A_target_containing_the_separator_is_read_back_whole()
    {
        var target = "https://example.com/a|b?c=1|2";
        await cache.ApplyChangeAsync("code4", new RedirectEntry(7, target), At(1), queuedRefreshId: null, Cancellation);

        Assert.Equal(new RedirectEntry(7, target), (await cache.LookupAsync("code4", Cancellation)).Entry);
    }

    [Fact]
    public async Task With_Redis_gone_every_call_returns_without_throwing_and_a_failed_change_distrusts_the_cache_until_pinged_back()
    {
        await cache.ApplyChangeAsync("code5", new RedirectEntry(1, "https://example.com/"), At(1), queuedRefreshId: null, Cancellation);
        await redis.StopAsync();

        for (var i = 0; i < 10; i++)
        {
            Assert.Null((await cache.LookupAsync("code5", Cancellation)).Entry);
            Assert.False(await cache.FillAsync("code5", new RedirectEntry(1, "https://example.com/"), Cancellation));
        }
        var passBegan = cache.Distrusts;
        Assert.False(await cache.ApplyChangeAsync("code5", new RedirectEntry(2, "https://example.com/new"), At(1), queuedRefreshId: null, Cancellation));
        Assert.False(cache.IsTrusted);

        await redis.StartAgainAsync();
        Assert.True(await PingUntilAnsweredAsync());
        Assert.Null((await cache.LookupAsync("code5", Cancellation)).Entry); // still distrusted: refreshes may be pending
        cache.Trust(passBegan); // a refresh pass that began before the failed change may not have claimed it
        Assert.False(cache.IsTrusted);
        cache.Trust(cache.Distrusts);
        Assert.True(cache.IsTrusted);
        Assert.True(await cache.ApplyChangeAsync("code5", new RedirectEntry(2, "https://example.com/new"), At(1), queuedRefreshId: null, Cancellation));
        Assert.Equal(new RedirectEntry(2, "https://example.com/new"), (await cache.LookupAsync("code5", Cancellation)).Entry);
    }

    [Fact]
    public async Task A_change_records_its_queued_refresh_as_applied_once_and_a_change_Redis_did_not_take_records_nothing()
    {
        Assert.True(await cache.ApplyChangeAsync("code10", new RedirectEntry(1, "https://example.com/a"), At(1), queuedRefreshId: 41, Cancellation));
        Assert.True(await cache.ApplyChangeAsync("code11", new RedirectEntry(1, "https://example.com/b"), At(2), queuedRefreshId: 42, Cancellation));
        Assert.True(await cache.ApplyChangeAsync("code11", new RedirectEntry(2, "https://example.com/c"), At(3), queuedRefreshId: null, Cancellation));

        Assert.Equal([41L, 42L], (await cache.TakeAppliedRefreshesAsync(10, Cancellation)).Order());
        Assert.Empty(await cache.TakeAppliedRefreshesAsync(10, Cancellation)); // taken once

        await redis.StopAsync();
        Assert.False(await cache.ApplyChangeAsync("code12", new RedirectEntry(1, "https://example.com/d"), At(4), queuedRefreshId: 43, Cancellation));
        Assert.Empty(await cache.TakeAppliedRefreshesAsync(10, Cancellation)); // no answer: nothing to delete
        await redis.StartAgainAsync();
        Assert.True(await PingUntilAnsweredAsync());
        Assert.Empty(await cache.TakeAppliedRefreshesAsync(10, Cancellation));
    }

    [Fact]
    public async Task Every_change_raises_the_fence_to_its_position_and_an_older_position_never_lowers_it()
    {
        Assert.Null((await cache.LookupAsync("code6", Cancellation)).Fence);

        await cache.ApplyChangeAsync("code6", new RedirectEntry(1, "https://example.com/1"), At(0x1_0000_0010), queuedRefreshId: null, Cancellation);
        await cache.ApplyChangeAsync("code7", new RedirectEntry(1, "https://example.com/2"), At(0x0_FFFF_FFFF), queuedRefreshId: null, Cancellation);

        Assert.Equal(At(0x1_0000_0010), (await cache.LookupAsync("code6", Cancellation)).Fence);
        Assert.Equal(At(0x1_0000_0010), (await cache.LookupAsync("code-that-was-never-cached", Cancellation)).Fence);

        await cache.ApplyChangeAsync("code7", new RedirectEntry(2, "https://example.com/3"), At(0x2_0000_0000), queuedRefreshId: null, Cancellation);
        Assert.Equal(At(0x2_0000_0000), (await cache.LookupAsync("code6", Cancellation)).Fence);
    }

    [Fact]
    public async Task A_lost_fence_is_seeded_from_the_current_position_and_an_existing_fence_is_left_alone()
    {
        Assert.True(await cache.SeedFenceAsync(_ => Task.FromResult(At(500)), Cancellation));
        Assert.Equal(At(500), (await cache.LookupAsync("code8", Cancellation)).Fence);

        await cache.ApplyChangeAsync("code8", new RedirectEntry(1, "https://example.com/"), At(900), queuedRefreshId: null, Cancellation);
        Assert.True(await cache.SeedFenceAsync(_ => Task.FromResult(At(700)), Cancellation));

        Assert.Equal(At(900), (await cache.LookupAsync("code8", Cancellation)).Fence);
    }

    [Fact]
    public async Task The_known_fence_follows_lookups_and_applied_changes_only_upwards_and_lookups_answer_only_while_trusted()
    {
        Assert.Null(cache.KnownFence);
        var answered = await cache.LookupAsync("code9", Cancellation);
        Assert.True(answered.Answered);
        Assert.Null(cache.KnownFence); // Redis holds no fence yet

        await connection.GetDatabase().StringSetAsync(RedirectCache.FenceKey, At(0x300).ToSortableString());
        await cache.LookupAsync("code9", Cancellation);
        Assert.Equal(At(0x300), cache.KnownFence);

        await cache.ApplyChangeAsync("code9", new RedirectEntry(1, "https://example.com/9"), At(0x200), queuedRefreshId: null, Cancellation);
        Assert.Equal(At(0x300), cache.KnownFence);
        await cache.ApplyChangeAsync("code9", new RedirectEntry(2, "https://example.com/9b"), At(0x1_0000_0000), queuedRefreshId: null, Cancellation);
        Assert.Equal(At(0x1_0000_0000), cache.KnownFence);

        // Redis gone: the change is not taken, yet this replica knows its position; lookups no longer answer.
        await redis.DisposeAsync();
        Assert.False(await cache.ApplyChangeAsync("code9", new RedirectEntry(3, "https://example.com/9c"), At(0x2_0000_0000), queuedRefreshId: null, Cancellation));
        Assert.Equal(At(0x2_0000_0000), cache.KnownFence);
        Assert.False((await cache.LookupAsync("code9", Cancellation)).Answered);
        Assert.Equal(At(0x2_0000_0000), cache.KnownFence);
    }

    [Fact]
    public async Task Some_lookups_timing_out_among_answered_ones_do_not_open_the_circuit()
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.True((await cache.LookupAsync("code10", Cancellation)).Answered);
        }
        redis.Freeze();
        try
        {
            // 12 of 22 calls fail: a dead Redis's share (the breaker for RedisException opens at half),
            // but only timeouts, and short of the 90% that says they persist.
            var lookups = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => cache.LookupAsync("code10", Cancellation)));
            Assert.All(lookups, lookup => Assert.False(lookup.Answered));
        }
        finally
        {
            redis.Thaw();
        }
        Assert.True(cache.IsTrusted);
        Assert.True((await cache.LookupAsync("code10", Cancellation)).Answered);
    }

    [Fact]
    public async Task Timeouts_that_persist_open_the_circuit_and_the_cache_is_no_longer_trusted()
    {
        redis.Freeze();
        try
        {
            var lookups = await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => cache.LookupAsync("code11", Cancellation)));
            Assert.All(lookups, lookup => Assert.False(lookup.Answered));
        }
        finally
        {
            redis.Thaw();
        }
        Assert.False(cache.IsTrusted);
        Assert.False((await cache.LookupAsync("code11", Cancellation)).Answered);
    }

    private static ConsistencyToken At(ulong position) => new(new NpgsqlLogSequenceNumber(position));

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
