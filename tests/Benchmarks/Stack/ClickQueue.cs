using Messaging.Clicks;
using RabbitMQ.Client;

namespace Benchmarks.Stack;

// The clicks queue as RabbitMQ reports it: messages waiting and consumers attached.
public static class ClickQueue
{
    public static async Task<(uint Messages, uint Consumers)> ReadAsync(string connectionString, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = new Uri(connectionString) };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var queue = await channel.QueueDeclarePassiveAsync(ClickTopology.Definition.Queue, cancellationToken);
        return (queue.MessageCount, queue.ConsumerCount);
    }
}
