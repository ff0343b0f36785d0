using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.EventPipe;

namespace Benchmarks.Profiling;

// Reads a .nettrace of thread samples (EventPipeSampling) and counts, over the samples of threads
// running managed code, the method on top of each stack (exclusive), the app's own methods anywhere
// in it (inclusive), and, for the samples waiting on a contended lock, the method that took the lock.
public static class SampleAggregation
{
    public static readonly string[] AppNamespaces = ["Api.", "Links.", "ReadRouting.", "Messaging."];

    private const int Top = 20;

    public static (long Samples, long ManagedSamples, IReadOnlyList<ProfileFrame> TopExclusive, IReadOnlyList<ProfileFrame> TopAppInclusive, IReadOnlyList<ProfileFrame> LockTakers) Read(string nettraceFile)
    {
        var etlx = TraceLog.CreateFromEventPipeDataFile(nettraceFile);
        long samples = 0;
        long managed = 0;
        var exclusive = new Dictionary<string, long>();
        var inclusive = new Dictionary<string, long>();
        var lockTakers = new Dictionary<string, long>();
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
                var onContendedLock = false;
                for (var frame = sample.CallStack(); frame is not null; frame = frame.Caller)
                {
                    var method = Name(frame.CodeAddress);
                    if (seen.Count == 0)
                    {
                        exclusive[method] = exclusive.GetValueOrDefault(method) + 1;
                        onContendedLock = IsContendedLockWait(method);
                    }
                    else if (onContendedLock && !method.StartsWith("System.Threading.", StringComparison.Ordinal))
                    {
                        lockTakers[method] = lockTakers.GetValueOrDefault(method) + 1;
                        onContendedLock = false;
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
        return (samples, managed, Ranked(exclusive, managed), Ranked(inclusive, managed), Ranked(lockTakers, managed));
    }

    // A thread spinning or blocking for a lock another thread holds (lock statement, Monitor or System.Threading.Lock).
    private static bool IsContendedLockWait(string method) =>
        method.StartsWith("System.Threading.Monitor.Enter_Slowpath", StringComparison.Ordinal)
        || method.StartsWith("System.Threading.Monitor.ReliableEnter", StringComparison.Ordinal)
        || method.StartsWith("System.Threading.Lock.TryEnterSlow", StringComparison.Ordinal)
        || method.StartsWith("System.Threading.Lock.EnterAndGetCurrentThreadId", StringComparison.Ordinal);

    // A frame the trace's method events did not name (a stub, or code loaded before the session without rundown).
    private static string Name(TraceCodeAddress address) =>
        !string.IsNullOrEmpty(address.FullMethodName) ? address.FullMethodName
        : !string.IsNullOrEmpty(address.ModuleName) ? $"{address.ModuleName}!(unnamed)"
        : "(unnamed frame)";

    private static ProfileFrame[] Ranked(Dictionary<string, long> counts, long total) =>
        [.. counts.OrderByDescending(c => c.Value).Take(Top).Select(c => new ProfileFrame(c.Key, c.Value, total > 0 ? Math.Round(100.0 * c.Value / total, 1) : 0))];
}
