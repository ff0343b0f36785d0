using System.Globalization;
using StackExchange.Redis;

namespace Benchmarks.Stack;

// How many redirect lookups reached Redis: the api's only MGET is the redirect lookup (entry and fence,
// Api/Redirects/RedirectCache.cs), so Redis's own count of MGET calls tells the redirects an api replica's
// L1 answered (no Redis call) from those Redis answered.
public static class RedisLookups
{
    public static async Task<long> ReadAsync(BenchmarkStack stack)
    {
        var options = ConfigurationOptions.Parse(stack.ConnectionString("cache"));
        options.AllowAdmin = true;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var stats = await server.InfoAsync("commandstats");
        var mget = stats.SelectMany(group => group).FirstOrDefault(pair => pair.Key == "cmdstat_mget").Value;
        // "calls=123,usec=...": absent until the first MGET.
        return mget is null ? 0 : long.Parse(mget.Split(',')[0]["calls=".Length..], CultureInfo.InvariantCulture);
    }
}
