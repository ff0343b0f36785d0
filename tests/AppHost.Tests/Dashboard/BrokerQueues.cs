using AppHost.Tests.Infrastructure;
using RabbitMQ.Client;

namespace AppHost.Tests.Dashboard;

// How many messages wait in a queue of the stack's broker, as the broker counts them.
public static class BrokerQueues
{
    public static async Task<uint> MessageCountAsync(RunningStack stack, string queue)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var factory = new ConnectionFactory { Uri = new Uri(stack.ConnectionString("messaging")) };
        await using var connection = await factory.CreateConnectionAsync(cancellation);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellation);
        return (await channel.QueueDeclarePassiveAsync(queue, cancellation)).MessageCount;
    }
}
