using System.Diagnostics;

namespace Messaging.Clicks;

// The span links from a batch's spans (the Api's publish, the Worker's write) to the redirects whose
// clicks it carries. At most MaximumPerSpan: the first ones in the batch; the rest are only counted on
// the span (links.clicks.trace_links_dropped), so a big batch stays a span of bounded size.
public static class ClickTraceLinks
{
    public const int MaximumPerSpan = 128;
    public const string DroppedAttribute = "links.clicks.trace_links_dropped";

    public static List<ActivityLink> From(IEnumerable<ActivityContext> redirects, out int dropped)
    {
        var links = new List<ActivityLink>();
        dropped = 0;
        foreach (var redirect in redirects)
        {
            if (redirect == default)
            {
                continue;
            }
            if (links.Count < MaximumPerSpan)
            {
                links.Add(new ActivityLink(redirect));
            }
            else
            {
                dropped++;
            }
        }
        return links;
    }

    public static string? TraceParent(ActivityContext redirect) =>
        redirect == default ? null : $"00-{redirect.TraceId.ToHexString()}-{redirect.SpanId.ToHexString()}-{(redirect.TraceFlags.HasFlag(ActivityTraceFlags.Recorded) ? "01" : "00")}";

    public static ActivityContext Parse(string? traceParent) =>
        ActivityContext.TryParse(traceParent, null, isRemote: true, out var redirect) ? redirect : default;
}
