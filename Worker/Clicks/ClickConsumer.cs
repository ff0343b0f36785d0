using System.Diagnostics;
using System.Threading.Channels;
using Messaging.Clicks;
using Microsoft.Extensions.Options;
using Migrations;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using Worker.Diagnostics;

namespace Worker.Clicks;

// Consumes click events in batches with manual acks: a message is acked only after the transaction
// that stored it has committed. A body that is not a click event is rejected to the dead-letter queue
// at once; a message whose write keeps failing is returned to the queue, and RabbitMQ dead-letters it
// after ClickTopology.Definition.DeliveryLimit deliveries. When Postgres itself is unreachable the batch is held
// (unacked) and retried, so an outage delays clicks instead of dead-lettering them.
public sealed class ClickConsumer(
    IServiceProvider services,
    IOptions<ClickConsumerOptions> options,
    ClickBatchWriter writer,
    WorkerMetrics metrics,
    NpgsqlDataSource primary,
    ILogger<ClickConsumer> logger) : BackgroundService
{
    private static readonly TimeSpan MaximumBackoff = TimeSpan.FromSeconds(10);

    private readonly int batchSize = options.Value.BatchSize;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await SchemaVersion.WaitUntilCurrentAsync(primary, logger, stoppingToken);
        var connection = services.GetRequiredService<IConnection>();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
        await ClickTopology.Definition.DeclareAsync(channel, stoppingToken);
        await channel.BasicQosAsync(prefetchSize: 0, prefetchCount: (ushort)(2 * batchSize), global: false, stoppingToken);

        var deliveries = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true });
        var consumer = new AsyncEventingBasicConsumer(channel);
        // The body is only valid during this callback; the current activity is the client's "deliver"
        // span, a child of the publish context the message carried.
        consumer.ReceivedAsync += (_, message) => deliveries.Writer.WriteAsync(
            new Delivery(message.DeliveryTag, message.Body.ToArray(), Activity.Current?.Context ?? default), stoppingToken).AsTask();
        await channel.BasicConsumeAsync(ClickTopology.Definition.Queue, autoAck: false, consumer, stoppingToken);
        logger.LogInformation("Consuming click events from {Queue}", ClickTopology.Definition.Queue);

        try
        {
            while (await deliveries.Reader.WaitToReadAsync(stoppingToken))
            {
                var batch = new List<Delivery>(batchSize);
                while (batch.Count < batchSize && deliveries.Reader.TryRead(out var delivery))
                {
                    batch.Add(delivery);
                }
                try
                {
                    await HandleAsync(channel, batch, stoppingToken);
                }
                catch (OperationInterruptedException exception) when (!connection.IsOpen)
                {
                    // The connection went away between the commit and the acks (a broker restart): RabbitMQ delivers
                    // the unacked events again once it recovers, and their event ids make the write skip them. A
                    // channel the broker closed on an open connection is not recovered, so that one still stops the Worker.
                    logger.LogWarning(exception, "Lost the broker connection while settling {Count} click events; they will be delivered again", batch.Count);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Unacked deliveries go back to the queue when the channel closes.
        }
    }

    private async Task HandleAsync(IChannel channel, List<Delivery> batch, CancellationToken cancellationToken)
    {
        metrics.Consumed(batch.Count);
        var clicks = new List<(ulong Tag, ClickEvent Click)>(batch.Count);
        var parents = new List<ActivityContext>(batch.Count);
        foreach (var delivery in batch)
        {
            if (ClickEvent.FromJson(delivery.Body) is { } click)
            {
                clicks.Add((delivery.Tag, click));
                parents.Add(delivery.Parent);
            }
            else
            {
                logger.LogWarning("A message on {Queue} is not a click event; dead-lettering it", ClickTopology.Definition.Queue);
                metrics.DeadLettered(1);
                await channel.BasicRejectAsync(delivery.Tag, requeue: false, cancellationToken);
            }
        }
        if (clicks.Count == 0)
        {
            return;
        }

        using var spans = new BatchSpans(parents, clicks.Count);
        var backoff = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                var started = Stopwatch.GetTimestamp();
                var inserted = await writer.WriteAsync([.. clicks.Select(c => c.Click)], cancellationToken);
                metrics.BatchWritten(clicks.Count, clicks.Count - inserted, Stopwatch.GetElapsedTime(started));
                foreach (var (tag, _) in clicks)
                {
                    await channel.BasicAckAsync(tag, multiple: false, cancellationToken);
                }
                return;
            }
            catch (Exception exception) when (IsPostgresUnavailable(exception))
            {
                logger.LogWarning(exception, "Postgres unavailable; holding {Count} click events and retrying", clicks.Count);
                await Task.Delay(backoff, cancellationToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaximumBackoff.Ticks));
            }
            catch (PostgresException exception)
            {
                logger.LogWarning(exception, "A batch of {Count} click events failed; writing them one by one", clicks.Count);
                await HandleOneByOneAsync(channel, clicks, cancellationToken);
                return;
            }
        }
    }

    // Isolates a message that makes the write fail, so the messages around it are still stored.
    private async Task HandleOneByOneAsync(IChannel channel, List<(ulong Tag, ClickEvent Click)> clicks, CancellationToken cancellationToken)
    {
        foreach (var (tag, click) in clicks)
        {
            try
            {
                var inserted = await writer.WriteAsync([click], cancellationToken);
                metrics.BatchWritten(1, 1 - inserted, TimeSpan.Zero);
                await channel.BasicAckAsync(tag, multiple: false, cancellationToken);
            }
            catch (PostgresException exception) when (!exception.IsTransient)
            {
                logger.LogWarning(exception, "Click event {EventId} could not be stored; returning it to the queue", click.EventId);
                await channel.BasicNackAsync(tag, multiple: false, requeue: true, cancellationToken);
            }
        }
    }

    private static bool IsPostgresUnavailable(Exception exception) =>
        exception is NpgsqlException { IsTransient: true } or TimeoutException;

    private sealed record Delivery(ulong Tag, byte[] Body, ActivityContext Parent);

    // One "clicks write" span per message, each a child of that message's delivery, all covering the
    // one batch write: every redirect's trace then reaches the transaction that stored its click.
    private sealed class BatchSpans : IDisposable
    {
        private readonly Activity? previous = Activity.Current;
        private readonly List<Activity> spans = [];

        public BatchSpans(List<ActivityContext> parents, int batchSize)
        {
            foreach (var parent in parents)
            {
                if (WorkerTracing.Source.StartActivity("clicks write", ActivityKind.Consumer, parent) is { } span)
                {
                    span.SetTag("messaging.batch.message_count", batchSize);
                    spans.Add(span);
                }
            }
        }

        public void Dispose()
        {
            for (var i = spans.Count - 1; i >= 0; i--)
            {
                spans[i].Dispose();
            }
            Activity.Current = previous;
        }
    }
}
