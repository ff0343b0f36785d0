using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

// On stop, each OTLP exporter flushes what it holds, and against a collector that is slow or gone it retries for up to its
// 10 s timeout per provider: a replica stopped under load outlived the orchestrator's wait (DCP's is about 10 s) and was left
// in state Unknown. Once the host has stopped (requests served, clicks drained), telemetry gets this long; the rest is dropped.
internal sealed class TelemetryFlushDeadline(IServiceProvider services, IHostApplicationLifetime lifetime) : IHostedService
{
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopped.Register(Flush);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Flush()
    {
        var elapsed = Stopwatch.StartNew();
        int Left() => (int)Math.Max(0, (Budget - elapsed.Elapsed).TotalMilliseconds);
        // Shut down, not just flushed: disposing a provider that is already shut down does not flush again.
        services.GetService<TracerProvider>()?.Shutdown(Left());
        services.GetService<MeterProvider>()?.Shutdown(Left());
        services.GetService<LoggerProvider>()?.Shutdown(Left());
    }
}
