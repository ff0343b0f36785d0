using System.Diagnostics.Metrics;
using Api.Diagnostics;
using ReadRouting;

namespace Api.Traffic;

// This replica's redirects by result and database reads by source since it started, counted by
// listening to its own meter, so the code that redirects and reads is unchanged and each measurement
// costs one Interlocked add.
public sealed class TrafficCounters : IDisposable
{
    private readonly Tally redirects = new("result", ["hit", "miss", "not_found"]);
    private readonly Tally reads = new("source", [.. Enum.GetValues<ReadSource>().Select(source => source.Name())]);
    private readonly MeterListener listener;

    public TrafficCounters(IMeterFactory meterFactory, IHostEnvironment environment)
    {
        listener = new MeterListener
        {
            InstrumentPublished = (instrument, subscribing) =>
            {
                // Another host in the same process (a test) has meters of the same names.
                if (instrument.Meter.Scope != meterFactory)
                {
                    return;
                }
                if (instrument.Meter.Name == ApiMetrics.MeterName && instrument.Name == ApiMetrics.RedirectsInstrument)
                {
                    subscribing.EnableMeasurementEvents(instrument, redirects);
                }
                else if (instrument.Meter.Name == environment.ApplicationName && instrument.Name == ReadRoutingMetrics.ReadsInstrument)
                {
                    subscribing.EnableMeasurementEvents(instrument, reads);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>(static (_, measurement, tags, tally) => ((Tally)tally!).Add(measurement, tags));
        listener.Start();
    }

    public ApiReplicaTraffic Snapshot(string replicaId, DateTimeOffset at) => new(
        replicaId,
        at,
        new RedirectCounts(redirects.Read("hit"), redirects.Read("miss"), redirects.Read("not_found")),
        new ReadCounts(reads.Read(ReadSource.Replica.Name()), reads.Read(ReadSource.PrimaryLag.Name()), PrimaryDownOrForeign(), reads.Read(ReadSource.Primary.Name())));

    // The system page counts reads away from a foreign replica with those away from a down one: both are reads the replica could not take.
    private long PrimaryDownOrForeign() => reads.Read(ReadSource.PrimaryDown.Name()) + reads.Read(ReadSource.PrimaryForeign.Name());

    public void Dispose() => listener.Dispose();

    // Cumulative sums by the value of one tag; measurements with another value are not counted.
    private sealed class Tally(string tagName, string[] values)
    {
        private readonly long[] counts = new long[values.Length];

        public void Add(long measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == tagName)
                {
                    var index = Array.IndexOf(values, tag.Value as string);
                    if (index >= 0)
                    {
                        Interlocked.Add(ref counts[index], measurement);
                    }
                    return;
                }
            }
        }

        public long Read(string value) => Interlocked.Read(ref counts[Array.IndexOf(values, value)]);
    }
}
