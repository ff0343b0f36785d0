using Web.ApiClient;
using Web.SystemPage;

namespace Web.Tests.SystemPage;

public sealed class TrafficHistoryTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_first_sample_gives_no_rate_yet()
    {
        var history = new TrafficHistory();

        history.Add(Sample(0));

        Assert.Empty(history.Points);
        Assert.Null(history.Latest);
    }

    [Fact]
    public void Rates_are_the_growth_of_each_counter_divided_by_the_seconds_between_samples()
    {
        var history = new TrafficHistory();

        history.Add(Sample(0, hit: 100, miss: 20, notFound: 10, replicaReads: 50, primaryLag: 1, primaryDown: 2, primary: 3, clicksRecorded: 1000));
        history.Add(Sample(2, hit: 130, miss: 30, notFound: 20, replicaReads: 70, primaryLag: 2, primaryDown: 4, primary: 6, clicksRecorded: 1100,
            queueDepth: 17, lagBytes: 4096));

        var point = Assert.Single(history.Points);
        Assert.Same(point, history.Latest);
        Assert.Equal(Start.AddSeconds(2), point.At);
        Assert.Equal(25, point.RedirectsPerSecond); // (30 + 10 + 10) / 2 s
        Assert.Equal(0.75, point.CacheHitRatio); // 30 hits of 40 cache lookups; not-founds are not lookups
        Assert.Equal(10, point.ReplicaReadsPerSecond);
        Assert.Equal(3, point.PrimaryReadsPerSecond); // every primary read: lagging replica, replica down, or primary by choice
        Assert.Equal(50, point.ClicksRecordedPerSecond);
        Assert.Equal(17, point.QueueDepth);
        Assert.Equal(4096, point.ReplicationLagBytes);
    }

    [Fact]
    public void A_replica_restart_that_makes_a_counter_fall_counts_as_zero_not_negative()
    {
        var history = new TrafficHistory();

        history.Add(Sample(0, hit: 500, miss: 100, notFound: 50, replicaReads: 300, primary: 40, clicksRecorded: 900));
        history.Add(Sample(1, hit: 20, miss: 5, notFound: 1, replicaReads: 10, primary: 2, clicksRecorded: 950));

        var point = Assert.Single(history.Points);
        Assert.Equal(0, point.RedirectsPerSecond);
        Assert.Equal(0, point.ReplicaReadsPerSecond);
        Assert.Equal(0, point.PrimaryReadsPerSecond);
        Assert.Null(point.CacheHitRatio);
        Assert.Equal(50, point.ClicksRecordedPerSecond);
    }

    [Fact]
    public void Rates_after_a_restart_start_again_from_the_restarted_counts()
    {
        var history = new TrafficHistory();

        history.Add(Sample(0, hit: 500));
        history.Add(Sample(1, hit: 20));
        history.Add(Sample(2, hit: 50));

        Assert.Equal([0, 30], history.Series(p => p.RedirectsPerSecond));
    }

    [Fact]
    public void The_history_keeps_at_most_its_capacity_dropping_the_oldest_points()
    {
        var history = new TrafficHistory(capacity: 3);

        for (var second = 0; second <= 5; second++)
        {
            history.Add(Sample(second, hit: second * second));
        }

        Assert.Equal(3, history.Capacity);
        Assert.Equal(3, history.Points.Count);
        Assert.Equal([Start.AddSeconds(3), Start.AddSeconds(4), Start.AddSeconds(5)], history.Points.Select(p => p.At));
        Assert.Equal([5, 7, 9], history.Series(p => p.RedirectsPerSecond));
        Assert.Equal(Start.AddSeconds(5), history.Latest!.At);
    }

    [Fact]
    public void The_hit_ratio_is_unknown_when_there_were_neither_hits_nor_misses()
    {
        var history = new TrafficHistory();

        history.Add(Sample(0, hit: 10, miss: 10, notFound: 0));
        history.Add(Sample(1, hit: 10, miss: 10, notFound: 25));

        var point = Assert.Single(history.Points);
        Assert.Null(point.CacheHitRatio);
        Assert.Equal(25, point.RedirectsPerSecond);
    }

    [Fact]
    public void A_sample_no_newer_than_the_previous_one_adds_no_point()
    {
        var history = new TrafficHistory();

        history.Add(Sample(5, hit: 10));
        history.Add(Sample(5, hit: 20));
        history.Add(Sample(4, hit: 30));

        Assert.Empty(history.Points);
        Assert.Null(history.Latest);
    }

    [Fact]
    public void Clicks_recorded_per_second_is_unknown_unless_both_samples_have_the_count()
    {
        var history = new TrafficHistory();

        history.Add(Sample(0, clicksRecorded: null));
        history.Add(Sample(1, clicksRecorded: 10));
        history.Add(Sample(2, clicksRecorded: null));

        Assert.All(history.Points, point => Assert.Null(point.ClicksRecordedPerSecond));
    }

    [Fact]
    public void A_series_shows_unknown_figures_as_zero()
    {
        var history = new TrafficHistory();

        history.Add(Sample(0, queueDepth: 3));
        history.Add(Sample(1, queueDepth: null));
        history.Add(Sample(2, queueDepth: 8));

        Assert.Equal([0, 8], history.Series(p => p.QueueDepth));
    }

    private static SystemTraffic Sample(
        int second, long hit = 0, long miss = 0, long notFound = 0, long replicaReads = 0, long primaryLag = 0, long primaryDown = 0, long primary = 0,
        long? clicksRecorded = 0, long? queueDepth = 0, long? lagBytes = 0) =>
        new(
            "api-1", Start.AddSeconds(second), [], new RedirectCounts(hit, miss, notFound), new ReadCounts(replicaReads, primaryLag, primaryDown, primary),
            Complete: true, queueDepth is { } depth ? new QueueFigures(depth, 1) : null, clicksRecorded,
            new ReplicationStatus("streaming", lagBytes, 0.1, Start.AddSeconds(second)));
}
