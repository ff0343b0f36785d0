using System.Diagnostics;

namespace Worker.Diagnostics;

// The Worker's own spans, on a source named for the service (ServiceDefaults listens to it).
public static class WorkerTracing
{
    public static readonly ActivitySource Source = new(WorkerMetrics.MeterName);
}
