using RabbitMQ.Client;

namespace AppHost.Tests.Infrastructure;

// "Every click the broker took is stored" as a condition, not a wait: with two Workers, a click stored is no sign that
// an earlier one is not still in the other Worker's hands. Killed, a Worker's unacked messages go back to the queue,
// so Workers gone and the queue empty means nothing is in flight; then they start again. Only for a stack of its own.
public static class ClickPipelineSettling
{
    private const int Rounds = 3;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static async Task SettleAsync(RunningStack stack, CancellationToken cancellationToken)
    {
        var workers = stack.Resources.Where(r => r.Resource.Name == "worker").Select(r => r.ResourceId).Order().ToList();
        Assert.Equal(2, workers.Count);
        for (var round = 1; ; round++)
        {
            uint waiting;
            try
            {
                foreach (var worker in workers)
                {
                    stack.Crash(worker);
                    await stack.WaitUntilStoppedAsync(worker, cancellationToken);
                }
                // Once the broker has seen the consumers go, it has returned whatever they held unacked.
                await Eventually.HoldsAsync(() => ClickQueueAsync(stack, cancellationToken), queue => queue.ConsumerCount == 0, Timeout, "the Workers' consumers gone");
                waiting = (await ClickQueueAsync(stack, cancellationToken)).MessageCount;
            }
            finally
            {
                foreach (var worker in workers)
                {
                    await stack.StartAgainAsync(worker, cancellationToken);
                }
            }
            if (waiting == 0)
            {
                return;
            }
            Assert.True(round < Rounds, $"{waiting} click messages still queued after {Rounds} rounds");
            await Eventually.HoldsAsync(() => ClickQueueAsync(stack, cancellationToken), queue => queue.MessageCount == 0, Timeout, "the queued clicks taken by the Workers");
        }
    }

    private static async Task<QueueDeclareOk> ClickQueueAsync(RunningStack stack, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = new Uri(stack.ConnectionString("messaging")) };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        return await channel.QueueDeclarePassiveAsync("clicks", cancellationToken);
    }
}
