using System.Diagnostics;
using Messaging.Clicks;
using RabbitMQ.Client;

namespace Worker.Clicks;

// One delivery from the clicks queue, read while its body is valid: the click events it carries (one,
// or a batch's), the batch entries that are not click events, and what settling it needs. Readable is
// false for a body that is neither a click event nor a batch.
public sealed record ClickMessage(
    ulong Tag,
    bool Readable,
    IReadOnlyList<ReceivedClick> Clicks,
    IReadOnlyList<string> UnreadableEntries,
    long DeliveryCount,
    ActivityContext Delivery)
{
    // Set by the quorum queue on a redelivery: how many deliveries of this message failed before.
    private const string DeliveryCountHeader = "x-delivery-count";

    public static ClickMessage Read(ulong tag, IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body, ActivityContext delivery)
    {
        var deliveryCount = properties.Headers?.TryGetValue(DeliveryCountHeader, out var count) == true && count is IConvertible number
            ? number.ToInt64(System.Globalization.CultureInfo.InvariantCulture)
            : 0;
        if (properties.Type == ClickBatch.MessageType)
        {
            return ClickBatch.FromJson(body) is { } items
                ? new ClickMessage(tag, true,
                    [.. items.Where(item => item.Click is not null).Select(item => new ReceivedClick(item.Click!, ClickTraceLinks.Parse(item.TraceParent)))],
                    [.. items.Where(item => item.Click is null).Select(item => item.RawJson)],
                    deliveryCount, delivery)
                : new ClickMessage(tag, false, [], [], deliveryCount, delivery);
        }
        // A single-event message was published as a child of its redirect's trace: its delivery is in that trace.
        return ClickEvent.FromJson(body.Span) is { } click
            ? new ClickMessage(tag, true, [new ReceivedClick(click, delivery)], [], deliveryCount, delivery)
            : new ClickMessage(tag, false, [], [], deliveryCount, delivery);
    }
}

// A click event and the span context of the redirect that made it (default when unknown).
public sealed record ReceivedClick(ClickEvent Click, ActivityContext Redirect);
