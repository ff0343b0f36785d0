using RabbitMQ.Client;

namespace Messaging.Clicks;

// The one definition of where click events go. Both the Api (publisher) and the Worker (consumer)
// declare it at start; declaring is idempotent as long as both use this same definition.
public static class ClickTopology
{
    public const string Exchange = "clicks";
    public const string RoutingKey = "click";
    public const string Queue = "clicks";
    public const string DeadLetterExchange = "clicks.dead-letter";
    public const string DeadLetterQueue = "clicks.dead-letter";

    // Deliveries after which a message that keeps failing is moved to the dead-letter queue.
    public const int DeliveryLimit = 5;

    public static async Task DeclareAsync(IChannel channel, CancellationToken cancellationToken)
    {
        await channel.ExchangeDeclareAsync(DeadLetterExchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(DeadLetterQueue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(DeadLetterQueue, DeadLetterExchange, routingKey: "", cancellationToken: cancellationToken);

        await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Direct, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?>
            {
                ["x-queue-type"] = "quorum",
                ["x-delivery-limit"] = DeliveryLimit,
                ["x-dead-letter-exchange"] = DeadLetterExchange,
                // At-least-once dead-lettering: a message is removed only once the dead-letter queue
                // has confirmed it. RabbitMQ requires reject-publish overflow for this strategy.
                ["x-dead-letter-strategy"] = "at-least-once",
                ["x-overflow"] = "reject-publish",
            },
            cancellationToken: cancellationToken);
        await channel.QueueBindAsync(Queue, Exchange, RoutingKey, cancellationToken: cancellationToken);
    }
}
