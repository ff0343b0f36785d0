namespace Web.SystemPage;

// The system page's last minute: each sample of GET /api/system/traffic turned into rates between it
// and the one before. Counters are per api replica since it started, so a replica that restarts
// makes a sum go down: that interval counts as zero, never as negative traffic.
public sealed class TrafficHistory(int capacity = 60)
{
    private readonly Queue<TrafficPoint> points = new();
    private ApiClient.SystemTraffic? previous;

    public int Capacity => capacity;

    public IReadOnlyCollection<TrafficPoint> Points => points;

    public TrafficPoint? Latest { get; private set; }

    public void Add(ApiClient.SystemTraffic sample)
    {
        if (previous is not null && sample.SampledAt > previous.SampledAt)
        {
            var seconds = (sample.SampledAt - previous.SampledAt).TotalSeconds;
            double Rate(long now, long before) => Math.Max(0, now - before) / seconds;

            var hits = Math.Max(0, sample.Redirects.Hit - previous.Redirects.Hit);
            var misses = Math.Max(0, sample.Redirects.Miss - previous.Redirects.Miss);
            var point = new TrafficPoint(
                sample.SampledAt,
                RedirectsPerSecond: Rate(sample.Redirects.Hit + sample.Redirects.Miss + sample.Redirects.NotFound,
                    previous.Redirects.Hit + previous.Redirects.Miss + previous.Redirects.NotFound),
                CacheHitRatio: hits + misses == 0 ? null : (double)hits / (hits + misses),
                ReplicaReadsPerSecond: Rate(sample.Reads.Replica, previous.Reads.Replica),
                PrimaryReadsPerSecond: Rate(sample.Reads.PrimaryLag + sample.Reads.PrimaryDown + sample.Reads.Primary,
                    previous.Reads.PrimaryLag + previous.Reads.PrimaryDown + previous.Reads.Primary),
                QueueDepth: sample.ClickQueue?.Messages,
                ClicksRecordedPerSecond: sample.ClicksRecorded is { } now && previous.ClicksRecorded is { } before ? Rate(now, before) : null,
                ReplicationLagBytes: sample.Replication?.LagBytes);
            points.Enqueue(point);
            while (points.Count > capacity)
            {
                points.Dequeue();
            }
            Latest = point;
        }
        previous = sample;
    }

    public IReadOnlyList<double> Series(Func<TrafficPoint, double?> figure) => [.. points.Select(p => figure(p) ?? 0)];
}

public sealed record TrafficPoint(
    DateTimeOffset At, double RedirectsPerSecond, double? CacheHitRatio, double ReplicaReadsPerSecond, double PrimaryReadsPerSecond,
    long? QueueDepth, double? ClicksRecordedPerSecond, long? ReplicationLagBytes);
