using StackExchange.Redis;

namespace AppHost.Tests.Infrastructure;

// Takes a link's entry out of Redis so that its next redirect misses. The link's queued cache refreshes are waited
// out first: a replica's refresh pass that still holds one writes the current entry back (PendingCacheRefreshes),
// and a queued refresh's row is deleted only once its apply is done.
public static class RedirectCacheEntries
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task RemoveAsync(RunningStack stack, string code)
    {
        await Eventually.HoldsAsync(
            () => ClickStore.ScalarAsync(stack, "SELECT count(*) FROM redirect_cache_refreshes WHERE code = @code", ("code", code)),
            queued => queued == 0, Timeout, $"the queued cache refreshes of {code} applied");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(stack.ConnectionString("cache"));
        Assert.True(await redis.GetDatabase().KeyDeleteAsync("redirect:" + code), $"the cache entry of {code} removed so that its next redirect misses");
    }
}
