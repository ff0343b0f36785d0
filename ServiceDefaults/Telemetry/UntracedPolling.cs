using System.Diagnostics;
using OpenTelemetry;

namespace Microsoft.Extensions.Hosting;

// Background loops that look for work every second, on every replica, would bury the users' traces in
// the dashboard: their database and Redis calls run untraced inside this scope (it flows across awaits).
public static class UntracedPolling
{
    public static IDisposable Begin() => new Scope();

    // Suppression stops instrumentations that check it (Npgsql, HttpClient); the Redis instrumentation
    // records commands after the fact, so it is given an unsampled parent, which the parent-based sampler drops.
    private sealed class Scope : IDisposable
    {
        private readonly IDisposable suppression = SuppressInstrumentationScope.Begin();
        private readonly Activity unsampledParent = new Activity("untraced polling") { ActivityTraceFlags = ActivityTraceFlags.None }.Start();

        public void Dispose()
        {
            unsampledParent.Stop();
            suppression.Dispose();
        }
    }
}
