using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace AppHost.Tests.Infrastructure;

// What an operator (or a broker policy) does to the stack's broker over AMQP, on a connection of the test's own:
// the Worker's connection stays open while its queue or exchange goes away under it.
public static class BrokerAdmin
{
    public static Task DeleteQueueAsync(RunningStack stack, string queue) =>
        WithChannelAsync(stack, (channel, cancellation) => channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false, cancellationToken: cancellation));

    public static Task DeleteExchangeAsync(RunningStack stack, string exchange) =>
        WithChannelAsync(stack, (channel, cancellation) => channel.ExchangeDeleteAsync(exchange, ifUnused: false, cancellationToken: cancellation));

    // The message is lost after the broker confirmed it: what a lost message looks like to the Api.
    public static Task PurgeQueueAsync(RunningStack stack, string queue) =>
        WithChannelAsync(stack, (channel, cancellation) => channel.QueuePurgeAsync(queue, cancellation));

    // 0 while the queue does not exist.
    public static async Task<long> ConsumerCountAsync(RunningStack stack, string queue)
    {
        long consumers = 0;
        try
        {
            await WithChannelAsync(stack, async (channel, cancellation) => consumers = (await channel.QueueDeclarePassiveAsync(queue, cancellation)).ConsumerCount);
        }
        catch (OperationInterruptedException exception) when (exception.ShutdownReason?.ReplyCode == 404)
        {
        }
        return consumers;
    }

    private static async Task WithChannelAsync(RunningStack stack, Func<IChannel, CancellationToken, Task> action)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var factory = new ConnectionFactory { Uri = new Uri(stack.ConnectionString("messaging")) };
        await using var connection = await factory.CreateConnectionAsync(cancellation);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellation);
        await action(channel, cancellation);
    }
}
