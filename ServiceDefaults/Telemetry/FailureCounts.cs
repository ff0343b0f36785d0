using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Microsoft.Extensions.Hosting;

// Running totals for counters of things that go wrong, exported as observable counters: they report
// 0 from the start, so the dashboard lists them (with their description) before anything has failed.
// An ordinary Counter shows up only after its first Add, and an Add(0) made while the service is still
// being built, before the meter is listened to, is lost.
public sealed class FailureCounts
{
    private readonly string? tag;
    private readonly ConcurrentDictionary<string, long> totals = new();

    // Without a tag: one total.
    public FailureCounts()
    {
        totals[""] = 0;
    }

    // By tag value, each known value reported from the start.
    public FailureCounts(string tag, params string[] knownValues)
    {
        this.tag = tag;
        foreach (var value in knownValues)
        {
            totals[value] = 0;
        }
    }

    public void Add(long count, string tagValue = "") => totals.AddOrUpdate(tagValue, count, (_, total) => total + count);

    public IEnumerable<Measurement<long>> Observe() =>
        tag is null
            ? [new Measurement<long>(totals[""])]
            : totals.Select(total => new Measurement<long>(total.Value, new KeyValuePair<string, object?>(tag, total.Key)));
}
