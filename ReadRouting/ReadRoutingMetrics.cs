using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;

namespace ReadRouting;

// Read routing's figures, on the meter named for the service that routes (Api or Worker).
public sealed class ReadRoutingMetrics
{
    public const string ReadsInstrument = "links.db.reads";

    private readonly Counter<long> reads;
    private readonly Histogram<double> tokenWait;

    public ReadRoutingMetrics(IMeterFactory meterFactory, IHostEnvironment environment)
    {
        var meter = meterFactory.Create(environment.ApplicationName);
        reads = meter.CreateCounter<long>(ReadsInstrument, "{read}",
            "Database reads by the server that answered: replica, primary-lag (the replica had not replayed the read's token), primary-down (replica unreachable or not a standby), primary-foreign (the replica is a standby of another cluster than the primary) or primary (no fence known).");
        tokenWait = meter.CreateHistogram<double>("links.db.consistency_token.wait", "s",
            "Time a read with a consistency token waited for the replica to replay it.");
    }

    public void Read(ReadSource source) => reads.Add(1, new KeyValuePair<string, object?>("source", source.Name()));

    public void TokenWait(TimeSpan waited, bool replayed) =>
        tokenWait.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("replayed", replayed));
}
