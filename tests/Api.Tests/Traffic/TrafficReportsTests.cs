using Api.Tests.Redirects;
using Api.Traffic;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Api.Tests.Traffic;

// TrafficReports against a real redis-server: what one replica writes, any replica reads back; a
// replica that stopped reporting drops out; a Redis that is gone costs a short timeout, not an error.
public sealed class TrafficReportsTests : IAsyncLifetime
{
    private RedisServer redis = null!;
    private ConnectionMultiplexer connection = null!;
    private TrafficReports reports = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        // The product's 250 ms is for a serving replica; a test sharing two busy cores with a starting stack needs slack.
        reports = new TrafficReports(connection, NullLogger<TrafficReports>.Instance) { Timeout = TimeSpan.FromSeconds(10) };
    }

    public async ValueTask DisposeAsync()
    {
        await connection.DisposeAsync();
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task Every_replicas_latest_report_is_read_back_in_id_order()
    {
        var now = DateTimeOffset.UtcNow;
        var b = new ApiReplicaTraffic("api-b", At(now), new RedirectCounts(1, 2, 3), new ReadCounts(4, 5, 6, 7));
        var aEarlier = new ApiReplicaTraffic("api-a", At(now.AddSeconds(-1)), new RedirectCounts(10, 0, 0), ReadCounts.Zero);
        var aLatest = aEarlier with { ReportedAt = At(now), Redirects = new RedirectCounts(11, 0, 0) };

        await reports.WriteAsync(b, Cancellation);
        await reports.WriteAsync(aEarlier, Cancellation);
        await reports.WriteAsync(aLatest, Cancellation);

        Assert.Equal([aLatest, b], await reports.ReadRecentAsync(now, Cancellation));
    }

    [Fact]
    public async Task A_replica_that_has_not_reported_for_more_than_ten_seconds_is_left_out()
    {
        var now = DateTimeOffset.UtcNow;
        await reports.WriteAsync(new ApiReplicaTraffic("api-gone", At(now.AddSeconds(-11)), new RedirectCounts(1, 0, 0), ReadCounts.Zero), Cancellation);
        await reports.WriteAsync(new ApiReplicaTraffic("api-here", At(now.AddSeconds(-9)), new RedirectCounts(1, 0, 0), ReadCounts.Zero), Cancellation);

        Assert.Equal(["api-here"], (await reports.ReadRecentAsync(now, Cancellation))!.Select(report => report.Id));
    }

    [Fact]
    public async Task Without_Redis_a_read_answers_null_and_a_write_fails_fast()
    {
        var reports = new TrafficReports(connection, NullLogger<TrafficReports>.Instance);
        await redis.StopAsync();
        var now = DateTimeOffset.UtcNow;

        Assert.Null(await reports.ReadRecentAsync(now, Cancellation));
        var started = TimeProvider.System.GetTimestamp();
        var failure = await Record.ExceptionAsync(() => reports.WriteAsync(new ApiReplicaTraffic("api-a", now, RedirectCounts.Zero, ReadCounts.Zero), Cancellation));
        Assert.True(failure is RedisException or TimeoutException, $"unexpected {failure}");
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_hash_without_some_counts_reads_them_as_zero_and_an_unreadable_or_expired_one_is_skipped()
    {
        var reportedAt = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
        var full = new ApiReplicaTraffic("api-a", reportedAt, new RedirectCounts(1, 2, 3), new ReadCounts(4, 5, 6, 7));
        var hash = TrafficReports.ToHash(full);

        Assert.Equal(full, TrafficReports.FromHash("api-a", hash));
        Assert.Equal(full with { Reads = full.Reads with { Primary = 0 } }, TrafficReports.FromHash("api-a", [.. hash.Where(field => field.Name != "reads.primary")]));
        Assert.Null(TrafficReports.FromHash("api-a", []));
        Assert.Null(TrafficReports.FromHash("api-a", [.. hash.Where(field => field.Name != "reportedAt")]));
        Assert.Null(TrafficReports.FromHash("api-a", [.. hash.Where(field => field.Name != "redirects.hit"), new HashEntry("redirects.hit", "-1")]));
        Assert.Null(TrafficReports.FromHash("api-a", [.. hash.Where(field => field.Name != "reportedAt"), new HashEntry("reportedAt", "99999999999999999")]));
    }

    // Reports keep whole milliseconds.
    private static DateTimeOffset At(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());
}
