using System.Diagnostics;
using Api.Diagnostics;
using Api.Redirects;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NpgsqlTypes;
using ReadRouting;
using StackExchange.Redis;

namespace Api.Tests.Redirects;

// Two api replicas' L1s kept coherent through a real redis-server: a change returns only once the other
// replica dropped its copy, the L1 is used only while heartbeats come back, and anything that may have
// lost a notification clears it.
public sealed class RedirectChangeNotificationsTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);

    private RedisServer redis = null!;
    private Replica writer = null!;
    private Replica other = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        writer = await Replica.StartAsync(redis.ConnectionString);
        other = await Replica.StartAsync(redis.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await writer.DisposeAsync();
        await other.DisposeAsync();
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task A_change_returns_only_after_the_other_replica_dropped_its_copy_and_without_waiting_out_the_lease()
    {
        await WaitUntilAsync(() => writer.Notifications.L1IsCoherent && other.Notifications.L1IsCoherent, "both replicas' L1s coherent");
        await Task.Delay(2 * Lease, Cancellation); // past the start, which counts as a disruption
        Assert.True(other.L1.TryAdd("code1", new RedirectEntry(1, "https://example.com/v1"), other.L1.Generation));

        var elapsed = Stopwatch.StartNew();
        Assert.True(await writer.Cache.ApplyChangeAsync("code1", new RedirectEntry(2, "https://example.com/v2"), At(1), queuedRefreshId: null, Cancellation));
        elapsed.Stop();

        Assert.False(other.L1.TryGet("code1", out _));
        Assert.True(elapsed.Elapsed < Lease / 2, $"the change took {elapsed.Elapsed.TotalMilliseconds} ms: it waited for a lease to lapse, not for the acknowledgement");
    }

    [Fact]
    public async Task A_link_as_created_reaches_Redis_without_a_notification_and_its_first_edit_with_one()
    {
        await using var direct = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var sequenceBefore = (long?)await direct.GetDatabase().StringGetAsync(RedirectChangeNotifications.SequenceKey) ?? 0;

        Assert.True(await writer.Cache.ApplyChangeAsync("code5", new RedirectEntry(1, "https://example.com/created"), At(1), queuedRefreshId: null, Cancellation));

        Assert.Equal("https://example.com/created", (await other.Cache.LookupAsync("code5", Cancellation)).Entry?.Target);
        Assert.Equal(sequenceBefore, (long?)await direct.GetDatabase().StringGetAsync(RedirectChangeNotifications.SequenceKey) ?? 0);

        Assert.True(await writer.Cache.ApplyChangeAsync("code5", new RedirectEntry(2, "https://example.com/edited"), At(2), queuedRefreshId: null, Cancellation));

        Assert.Equal(sequenceBefore + 1, (long)await direct.GetDatabase().StringGetAsync(RedirectChangeNotifications.SequenceKey));
    }

    [Fact]
    public async Task A_fill_read_before_a_change_cannot_enter_the_L1_after_the_change_returned()
    {
        await WaitUntilAsync(() => other.Notifications.L1IsCoherent, "the L1 coherent");
        var readBeforeChange = other.L1.Generation;

        await writer.Cache.ApplyChangeAsync("code2", new RedirectEntry(2, "https://example.com/v2"), At(1), queuedRefreshId: null, Cancellation);

        Assert.False(other.L1.TryAdd("code2", new RedirectEntry(1, "https://example.com/v1"), readBeforeChange));
    }

    [Fact]
    public async Task The_L1_is_coherent_only_while_its_heartbeats_come_back_through_Redis()
    {
        await WaitUntilAsync(() => other.Notifications.L1IsCoherent, "the L1 coherent");

        redis.Freeze();
        try
        {
            await WaitUntilAsync(() => !other.Notifications.L1IsCoherent, "the lease lapsing with Redis frozen", Lease * 2);
        }
        finally
        {
            redis.Thaw();
        }
        await WaitUntilAsync(() => other.Notifications.L1IsCoherent, "the L1 coherent again");
    }

    [Fact]
    public async Task A_lost_change_notification_clears_the_L1()
    {
        await WaitUntilAsync(() => other.Notifications.L1IsCoherent, "the L1 coherent");
        other.L1.TryAdd("code3", new RedirectEntry(1, "https://example.com/v1"), other.L1.Generation);

        // A change counted in Redis whose message never came: the next heartbeat shows the gap.
        await using var direct = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        await direct.GetDatabase().StringIncrementAsync(RedirectChangeNotifications.SequenceKey);

        await WaitUntilAsync(() => other.L1.Count == 0, "the L1 cleared");
    }

    [Fact]
    public async Task A_Redis_restart_clears_the_L1_and_it_becomes_coherent_again()
    {
        await WaitUntilAsync(() => other.Notifications.L1IsCoherent, "the L1 coherent");
        other.L1.TryAdd("code4", new RedirectEntry(1, "https://example.com/v1"), other.L1.Generation);

        await redis.StopAsync();
        await WaitUntilAsync(() => !other.Notifications.L1IsCoherent, "the L1 not coherent with Redis down", Lease * 2);
        await redis.StartAgainAsync();

        await WaitUntilAsync(() => other.Notifications.L1IsCoherent, "the L1 coherent again", TimeSpan.FromSeconds(30));
        Assert.Equal(0, other.L1.Count);
    }

    private static ConsistencyToken At(ulong position) => new(new NpgsqlLogSequenceNumber(position));

    private static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < (timeout ?? TimeSpan.FromSeconds(10)), $"timed out waiting for {what}");
            await Task.Delay(20, Cancellation);
        }
    }

    private sealed class Replica : IAsyncDisposable
    {
        private Replica(ConnectionMultiplexer connection, RedirectL1Cache l1, RedirectChangeNotifications notifications, RedirectCache cache)
        {
            Connection = connection;
            L1 = l1;
            Notifications = notifications;
            Cache = cache;
        }

        public ConnectionMultiplexer Connection { get; }

        public RedirectL1Cache L1 { get; }

        public RedirectChangeNotifications Notifications { get; }

        public RedirectCache Cache { get; }

        public static async Task<Replica> StartAsync(string connectionString)
        {
            var connection = await ConnectionMultiplexer.ConnectAsync(connectionString);
            var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
            var options = Options.Create(new RedirectCacheOptions { L1Lease = Lease, L1HeartbeatInterval = TimeSpan.FromMilliseconds(100) });
            var metrics = new ApiMetrics(meters);
            var l1 = new RedirectL1Cache(options, metrics);
            var notifications = new RedirectChangeNotifications(connection, l1, options, TimeProvider.System, NullLogger<RedirectChangeNotifications>.Instance);
            await notifications.StartAsync(Cancellation);
            return new Replica(connection, l1, notifications, new RedirectCache(connection, notifications, options, metrics, NullLogger<RedirectCache>.Instance));
        }

        public async ValueTask DisposeAsync()
        {
            await Notifications.StopAsync(CancellationToken.None);
            Notifications.Dispose();
            await Connection.DisposeAsync();
        }
    }
}
