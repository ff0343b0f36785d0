using System.Diagnostics.Metrics;

namespace Worker.Diagnostics;

// The Worker's own meter, named for the service.
public sealed class WorkerMetrics
{
    public const string MeterName = "Worker";

    private readonly Counter<long> consumed;
    private readonly FailureCounts duplicates = new();
    private readonly FailureCounts deadLettered = new();
    private readonly Histogram<int> batchSize;
    private readonly Histogram<double> batchDuration;

    public WorkerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        consumed = meter.CreateCounter<long>("links.clicks.consumed", "{message}", "Click messages taken from the queue.");
        meter.CreateObservableCounter("links.clicks.duplicates", duplicates.Observe, "{event}", "Click events already stored (redeliveries), skipped.");
        meter.CreateObservableCounter("links.clicks.dead_lettered", deadLettered.Observe, "{message}", "Messages sent to the dead-letter queue: bodies that are not click events, and single events Postgres refused or batch entries that are not click events.");
        batchSize = meter.CreateHistogram<int>("links.clicks.batch_size", "{event}", "Click events written per transaction.");
        batchDuration = meter.CreateHistogram<double>("links.clicks.batch_duration", "s", "Time to write one batch of clicks and its rollups.");
    }

    public void Consumed(int count) => consumed.Add(count);

    public void DeadLettered(int count) => deadLettered.Add(count);

    public void BatchWritten(int size, int duplicateCount, TimeSpan duration)
    {
        batchSize.Record(size);
        duplicates.Add(duplicateCount);
        batchDuration.Record(duration.TotalSeconds);
    }
}
