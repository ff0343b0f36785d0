using RabbitMQ.Client;

namespace Messaging;

// A durable direct exchange into a quorum queue whose messages, after DeliveryLimit failed deliveries,
// move to a dead-letter queue. Declaring it is idempotent as long as every side uses the same values.
public sealed record QuorumQueueTopology(string Exchange, string RoutingKey, string Queue, int DeliveryLimit)
{
    public string DeadLetterExchange => Queue + ".dead-letter";

    public string DeadLetterQueue => Queue + ".dead-letter";

    public async Task DeclareAsync(IChannel channel, CancellationToken cancellationToken)
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
