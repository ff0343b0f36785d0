using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.EventPipe;

namespace Benchmarks.Profiling;

// Reads a .nettrace of thread samples (EventPipeSampling) and counts, over the samples of threads
// running managed code, the method on top of each stack (exclusive) and the app's own methods anywhere
// in it (inclusive).
public static class SampleAggregation
{
    public static readonly string[] AppNamespaces = ["Api.", "Links.", "ReadRouting.", "Messaging."];

    private const int Top = 20;

    public static (long Samples, long ManagedSamples, IReadOnlyList<ProfileFrame> TopExclusive, IReadOnlyList<ProfileFrame> TopAppInclusive) Read(string nettraceFile)
    {
        var etlx = TraceLog.CreateFromEventPipeDataFile(nettraceFile);
        long samples = 0;
        long managed = 0;
        var exclusive = new Dictionary<string, long>();
        var inclusive = new Dictionary<string, long>();
        try
        {
            using var log = new TraceLog(etlx);
            var source = log.Events.GetSource();
            new SampleProfilerTraceEventParser(source).ThreadSample += sample =>
            {
                samples++;
                if (sample.Type != ClrThreadSampleType.Managed)
                {
                    return;
                }
                managed++;
                var seen = new HashSet<string>();
                for (var frame = sample.CallStack(); frame is not null; frame = frame.Caller)
                {
                    var method = Name(frame.CodeAddress);
                    if (seen.Count == 0)
                    {
                        exclusive[method] = exclusive.GetValueOrDefault(method) + 1;
                    }
                    if (seen.Add(method) && AppNamespaces.Any(n => method.StartsWith(n, StringComparison.Ordinal)))
                    {
                        inclusive[method] = inclusive.GetValueOrDefault(method) + 1;
                    }
                }
            };
            source.Process();
        }
        finally
        {
            File.Delete(etlx);
        }
        return (samples, managed, Ranked(exclusive, managed), Ranked(inclusive, managed));
    }

    // A frame the trace's method events did not name (a stub, or code loaded before the session without rundown).
    private static string Name(TraceCodeAddress address) =>
        !string.IsNullOrEmpty(address.FullMethodName) ? address.FullMethodName
        : !string.IsNullOrEmpty(address.ModuleName) ? $"{address.ModuleName}!(unnamed)"
        : "(unnamed frame)";

    private static ProfileFrame[] Ranked(Dictionary<string, long> counts, long total) =>
        [.. counts.OrderByDescending(c => c.Value).Take(Top).Select(c => new ProfileFrame(c.Key, c.Value, total > 0 ? Math.Round(100.0 * c.Value / total, 1) : 0))];
}
