using Messaging;
using RabbitMQ.Client;

namespace AppHost.Dashboard;

// Moves the messages of one dead-letter queue back to the exchange and routing key of their topology.
// At-least-once: a dead-lettered copy is acked only once the broker has confirmed its republished copy,
// so a replay that stops halfway leaves a message in both queues at worst, never in neither.
// Bounded: it takes at most the messages counted at its start, so a message the consumer dead-letters
// again while the replay runs waits for the next replay instead of going round forever.
public sealed class DeadLetterReplay(QuorumQueueTopology topology)
{
    // Set by the queue that redelivered the dead-lettered copy; the republished message starts afresh.
    private const string DeliveryCountHeader = "x-delivery-count";

    public string Queue => topology.DeadLetterQueue;

    public int Replayed { get; private set; }

    // The channel must have publisher confirmations with tracking on: then a publish returns only once
    // the broker confirmed it, and throws if the broker refused it or could not route it.
    public async Task RunAsync(IChannel channel, CancellationToken cancellationToken)
    {
        var countedAtStart = (await channel.QueueDeclarePassiveAsync(Queue, cancellationToken)).MessageCount;
        while (Replayed < countedAtStart)
        {
            var message = await channel.BasicGetAsync(Queue, autoAck: false, cancellationToken);
            if (message is null)
            {
                return;
            }
            await channel.BasicPublishAsync(topology.Exchange, topology.RoutingKey, mandatory: true,
                Republished(message.BasicProperties), message.Body, cancellationToken);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            Replayed++;
        }
    }

    private static BasicProperties Republished(IReadOnlyBasicProperties deadLettered) =>
        new(deadLettered)
        {
            Headers = deadLettered.Headers?.Where(header => header.Key != DeliveryCountHeader).ToDictionary(),
        };
}
