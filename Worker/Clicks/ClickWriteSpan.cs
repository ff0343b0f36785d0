using System.Diagnostics;
using Messaging.Clicks;
using Worker.Diagnostics;

namespace Worker.Clicks;

// The one "clicks write" span of a batch: a child of its first message's delivery, so that message's
// publish → delivery → write stays one tree, and linked to the redirect of each click in the batch
// (at most ClickTraceLinks.MaximumPerSpan), so every redirect's trace reaches the transaction that stored its click.
public static class ClickWriteSpan
{
    public static Activity? Start(IReadOnlyList<ClickMessage> messages)
    {
        var clicks = messages.SelectMany(message => message.Clicks).ToList();
        var links = ClickTraceLinks.From(clicks.Select(click => click.Redirect), out var dropped);
        var span = WorkerTracing.Source.StartActivity("clicks write", ActivityKind.Consumer, messages[0].Delivery, links: links);
        span?.SetTag("messaging.batch.message_count", messages.Count);
        span?.SetTag("links.clicks.events", clicks.Count);
        if (dropped > 0)
        {
            span?.SetTag(ClickTraceLinks.DroppedAttribute, dropped);
        }
        return span;
    }
}
