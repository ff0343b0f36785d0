using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Telemetry;

// Parent and child look-ups over the spans of one trace.
public sealed class TraceTree(IReadOnlyList<TelemetrySpan> spans)
{
    public IReadOnlyList<TelemetrySpan> Spans => spans;

    public TelemetrySpan Single(Func<TelemetrySpan, bool> match, string what) =>
        spans.Where(match).ToList() is [var one] ? one : throw new Xunit.Sdk.XunitException($"expected one {what} span in the trace, found {spans.Count(match)}:\n{Describe()}");

    // Every parent is in the trace, except the remote parent of its root (a traceparent sent by the test).
    public static bool IsWhole(IReadOnlyList<TelemetrySpan> spans)
    {
        var ids = spans.Select(s => s.SpanId).ToHashSet();
        return spans.Count(s => s.ParentSpanId is { } parent && !ids.Contains(parent)) <= 1;
    }

    public bool IsDescendantOf(TelemetrySpan span, TelemetrySpan ancestor)
    {
        var current = span;
        for (var depth = 0; depth < spans.Count && current.ParentSpanId is { } parentId; depth++)
        {
            if (parentId == ancestor.SpanId)
            {
                return true;
            }
            if (spans.FirstOrDefault(s => s.SpanId == parentId) is not { } parent)
            {
                return false;
            }
            current = parent;
        }
        return false;
    }

    public string Describe() =>
        string.Join('\n', spans.Select(s => $"  [{s.Service}] {s.Scope} :: {s.Name} kind={s.Kind} span={s.SpanId} parent={s.ParentSpanId} "
            + string.Join(", ", s.Attributes.Where(a => a.Key is not "db.query.text").Select(a => $"{a.Key}={a.Value}"))));
}
