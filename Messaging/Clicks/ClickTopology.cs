namespace Messaging.Clicks;

// Where click events go; both the Api (publisher) and the Worker (consumer) declare it at start.
public static class ClickTopology
{
    public static readonly QuorumQueueTopology Definition = new(Exchange: "clicks", RoutingKey: "click", Queue: "clicks", DeliveryLimit: 5);

    public static string Exchange => Definition.Exchange;

    public static string RoutingKey => Definition.RoutingKey;

    public static string Queue => Definition.Queue;

    public static int DeliveryLimit => Definition.DeliveryLimit;

    public static Task DeclareAsync(RabbitMQ.Client.IChannel channel, CancellationToken cancellationToken) =>
        Definition.DeclareAsync(channel, cancellationToken);
}
