using Messaging.Clicks;
using RabbitMQ.Client;

namespace Api.Traffic;

// How many click events wait in the queue and how many Worker consumers take them, asked of RabbitMQ
// with a passive declare (it changes nothing) at most once a second per replica.
public sealed class ClickQueueProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private readonly IServiceProvider services;
    private readonly ILogger<ClickQueueProbe> logger;
    private readonly SharedSample<ClickQueueStatus?> sample;
    private Task<IConnection>? connecting;

    public ClickQueueProbe(IServiceProvider services, TimeProvider time, ILogger<ClickQueueProbe> logger)
    {
        this.services = services;
        this.logger = logger;
        sample = new SharedSample<ClickQueueStatus?>(AskAsync, TimeSpan.FromSeconds(1), time);
    }

    // Null when the broker could not be asked.
    public Task<ClickQueueStatus?> GetAsync(CancellationToken cancellationToken) => sample.GetAsync(cancellationToken);

    private async Task<ClickQueueStatus?> AskAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var connection = await Connection().WaitAsync(timeout.Token);
            await using var channel = await connection.CreateChannelAsync(cancellationToken: timeout.Token);
            var queue = await channel.QueueDeclarePassiveAsync(ClickTopology.Definition.Queue, timeout.Token);
            return new ClickQueueStatus(queue.MessageCount, queue.ConsumerCount);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A figure for a dashboard: whatever went wrong with the broker, the answer goes on without it.
            logger.LogDebug(exception, "Click queue not sampled");
            return null;
        }
    }

    // Resolved once, off the request thread: the first resolution connects, with retries, and would
    // block while the broker is down. A failed resolution is tried again by the next sample.
    private Task<IConnection> Connection()
    {
        if (connecting is null || connecting.IsFaulted || connecting.IsCanceled)
        {
            connecting = Task.Run(services.GetRequiredService<IConnection>);
        }
        return connecting;
    }
}

// The click queue as RabbitMQ reports it: events waiting to be taken, and the Worker consumers taking them.
public sealed record ClickQueueStatus(long Messages, long Consumers);
