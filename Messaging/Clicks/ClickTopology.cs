namespace Messaging.Clicks;

// Where click events go; both the Api (publisher) and the Worker (consumer) declare it at start.
public static class ClickTopology
{
    public static readonly QuorumQueueTopology Definition = new(Exchange: "clicks", RoutingKey: "click", Queue: "clicks", DeliveryLimit: 5);
}
