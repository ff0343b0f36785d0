using System.Diagnostics;
using System.Threading.Channels;
using Messaging.Clicks;
using Microsoft.Extensions.Options;
using Migrations;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using Worker.Consuming;
using Worker.Diagnostics;

namespace Worker.Clicks;

// Consumes click messages (a batch of events each, or a single event from an older Api) with manual
// acks. The events of up to BatchSize messages are written in one transaction, then settled with one
// multiple-ack of the highest delivery tag: nothing is acked before the transaction that stored it has
// committed. When Postgres itself is unreachable the batch is held (unacked) and retried, so an outage
// delays clicks instead of dead-lettering them.
// Poison: a body that is neither a click event nor a batch is rejected to the dead-letter queue at once.
// When a batch's transaction fails on a data error, it is written again message by message, and a
// failing message event by event, so only the events Postgres refuses on their own are left out. Their
// message is returned to the queue (its good events are then skipped as already stored) until its
// delivery before the queue's limit; on that one each refused event, and each batch entry that is not a
// click event, is sent to the dead-letter queue as a message of its own (ClickDeadLetters), confirmed,
// and only then is the message acked.
// A channel the broker closes, or a consumer it cancels, while the connection stays open is replaced
// (ChannelReopening); channels lost with the connection are the client's automatic recovery's.
public sealed class ClickConsumer(
    IServiceProvider services,
    IOptions<ClickConsumerOptions> options,
    ClickBatchWriter writer,
    WorkerMetrics metrics,
    NpgsqlDataSource primary,
    ILogger<ClickConsumer> logger) : BackgroundService
{
    private static readonly TimeSpan MaximumBackoff = TimeSpan.FromSeconds(10);

    // The delivery on which refused events are dead-lettered by this Worker, one before the queue's
    // limit, at which RabbitMQ would dead-letter the whole message with its good events.
    private static readonly long LastDelivery = ClickTopology.Definition.DeliveryLimit - 1;

    private readonly int batchSize = options.Value.BatchSize;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await SchemaVersion.WaitUntilCurrentAsync(primary, logger, stoppingToken);
        var connection = services.GetRequiredService<IConnection>();
        await ChannelReopening.RunAsync(ClickTopology.Definition.Queue, cancellation => ConsumeAsync(connection, cancellation), logger, stoppingToken);
    }

    // Consumes on channels of its own until the broker closes one of them or cancels the consumer; returns why.
    private async Task<string> ConsumeAsync(IConnection connection, CancellationToken stoppingToken)
    {
        var loss = new ChannelLoss(connection);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
        loss.Watch(channel);
        await using var deadLetterChannel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), stoppingToken);
        loss.Watch(deadLetterChannel);
        var deadLetters = new ClickDeadLetters(deadLetterChannel);
        await ClickTopology.Definition.DeclareAsync(channel, stoppingToken);
        await channel.BasicQosAsync(prefetchSize: 0, prefetchCount: (ushort)(2 * batchSize), global: false, stoppingToken);

        var deliveries = Channel.CreateUnbounded<ClickMessage>(new UnboundedChannelOptions { SingleReader = true });
        // Deliveries still buffered when the channel is lost are dropped: the broker delivers them again.
        _ = loss.Lost.ContinueWith(_ => deliveries.Writer.TryComplete(), TaskScheduler.Default);
        var consumer = new AsyncEventingBasicConsumer(channel);
        loss.Watch(consumer);
        // The body is only valid during this callback; the current activity is the client's "deliver"
        // span, a child of the publish context the message carried.
        consumer.ReceivedAsync += (_, message) =>
        {
            deliveries.Writer.TryWrite(ClickMessage.Read(message.DeliveryTag, message.BasicProperties, message.Body, Activity.Current?.Context ?? default));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(ClickTopology.Definition.Queue, autoAck: false, consumer, stoppingToken);
        logger.LogInformation("Consuming click events from {Queue}", ClickTopology.Definition.Queue);

        // Unacked deliveries go back to the queue when the channel closes, also when the Worker stops.
        while (await deliveries.Reader.WaitToReadAsync(stoppingToken) && !loss.IsLost)
        {
            var batch = new List<ClickMessage>();
            var events = 0;
            while (events < batchSize && deliveries.Reader.TryRead(out var message))
            {
                batch.Add(message);
                events += Math.Max(1, message.Clicks.Count);
            }
            try
            {
                await HandleAsync(channel, deadLetters, batch, stoppingToken);
            }
            catch (OperationInterruptedException exception) when (!connection.IsOpen)
            {
                // The connection went away between the commit and the acks (a broker restart): RabbitMQ delivers
                // the unacked events again once it recovers, and their event ids make the write skip them.
                logger.LogWarning(exception, "Lost the broker connection while settling {Count} click messages; they will be delivered again", batch.Count);
            }
            catch (OperationInterruptedException exception) when (loss.IsLost)
            {
                // The broker closed the channel: its unacked deliveries go back to the queue, stored events are skipped again.
                logger.LogWarning(exception, "Lost the channel while settling {Count} click messages; they will be delivered again", batch.Count);
            }
        }
        return await loss.Lost;
    }

    private async Task HandleAsync(IChannel channel, ClickDeadLetters deadLetters, List<ClickMessage> batch, CancellationToken cancellationToken)
    {
        metrics.Consumed(batch.Count);
        foreach (var message in batch.Where(message => !message.Readable))
        {
            logger.LogWarning("A message on {Queue} is not a click event; dead-lettering it", ClickTopology.Definition.Queue);
            metrics.DeadLettered(1);
            await channel.BasicRejectAsync(message.Tag, requeue: false, cancellationToken);
        }
        var readable = batch.Where(message => message.Readable).ToList();
        if (readable.Count == 0)
        {
            return;
        }

        using var span = ClickWriteSpan.Start(readable);
        var refused = await WriteAsync(readable, cancellationToken);
        await SettleAsync(channel, deadLetters, readable, refused, cancellationToken);
    }

    // Writes the events of every message; returns the ids of those Postgres refused even when written alone.
    private async Task<HashSet<Guid>> WriteAsync(List<ClickMessage> messages, CancellationToken cancellationToken)
    {
        var refused = new HashSet<Guid>();
        try
        {
            await WriteHoldingAsync([.. messages.SelectMany(message => message.Clicks)], cancellationToken);
            return refused;
        }
        catch (PostgresException exception) when (!exception.IsTransient)
        {
            logger.LogWarning(exception, "A batch of {Count} click messages failed; writing them one by one", messages.Count);
        }
        foreach (var message in messages)
        {
            try
            {
                await WriteHoldingAsync(message.Clicks, cancellationToken);
                continue;
            }
            catch (PostgresException exception) when (!exception.IsTransient && message.Clicks.Count > 1)
            {
                logger.LogWarning(exception, "A message of {Count} click events failed; writing its events one by one", message.Clicks.Count);
            }
            catch (PostgresException exception) when (!exception.IsTransient)
            {
                logger.LogWarning(exception, "Click event {EventId} could not be stored", message.Clicks[0].Click.EventId);
                refused.Add(message.Clicks[0].Click.EventId);
                continue;
            }
            foreach (var received in message.Clicks)
            {
                try
                {
                    await WriteHoldingAsync([received], cancellationToken);
                }
                catch (PostgresException exception) when (!exception.IsTransient)
                {
                    logger.LogWarning(exception, "Click event {EventId} could not be stored", received.Click.EventId);
                    refused.Add(received.Click.EventId);
                }
            }
        }
        return refused;
    }

    // One transaction; while Postgres is unreachable it waits and tries again, holding the messages unacked.
    private async Task WriteHoldingAsync(IReadOnlyList<ReceivedClick> clicks, CancellationToken cancellationToken)
    {
        if (clicks.Count == 0)
        {
            return;
        }
        var backoff = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                var started = Stopwatch.GetTimestamp();
                var inserted = await writer.WriteAsync([.. clicks.Select(received => received.Click)], cancellationToken);
                metrics.BatchWritten(clicks.Count, clicks.Count - inserted, Stopwatch.GetElapsedTime(started));
                return;
            }
            catch (Exception exception) when (IsPostgresUnavailable(exception))
            {
                logger.LogWarning(exception, "Postgres unavailable; holding {Count} click events and retrying", clicks.Count);
                await Task.Delay(backoff, cancellationToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaximumBackoff.Ticks));
            }
        }
    }

    // Messages with nothing left out are acked together by one multiple-ack of the highest tag among
    // them; a message that must be returned is nacked on its own first, so the multiple-ack skips it.
    private async Task SettleAsync(IChannel channel, ClickDeadLetters deadLetters, List<ClickMessage> messages, HashSet<Guid> refused, CancellationToken cancellationToken)
    {
        ulong? highestAcked = null;
        foreach (var message in messages)
        {
            var poison = message.Clicks.Where(received => refused.Contains(received.Click.EventId)).ToList();
            if (poison.Count > 0 && message.DeliveryCount < LastDelivery)
            {
                logger.LogWarning("Returning a message with {Count} refused click events to the queue (delivery {Delivery})", poison.Count, message.DeliveryCount + 1);
                await channel.BasicNackAsync(message.Tag, multiple: false, requeue: true, cancellationToken);
                continue;
            }
            if (!await DeadLetterAsync(deadLetters, message, poison, cancellationToken))
            {
                await channel.BasicNackAsync(message.Tag, multiple: false, requeue: true, cancellationToken);
                continue;
            }
            highestAcked = Math.Max(highestAcked ?? 0, message.Tag);
        }
        if (highestAcked is { } tag)
        {
            await channel.BasicAckAsync(tag, multiple: true, cancellationToken);
        }
    }

    // False when the broker did not confirm one of them: the message is then returned and tried again.
    private async Task<bool> DeadLetterAsync(ClickDeadLetters deadLetters, ClickMessage message, List<ReceivedClick> poison, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var received in poison)
            {
                logger.LogWarning("Dead-lettering click event {EventId}: Postgres refused it on {Deliveries} deliveries", received.Click.EventId, message.DeliveryCount + 1);
                await deadLetters.SendAsync(received.Click.ToJson(), "refused by Postgres", cancellationToken);
                metrics.DeadLettered(1);
            }
            foreach (var entry in message.UnreadableEntries)
            {
                logger.LogWarning("An entry of a click batch on {Queue} is not a click event; dead-lettering it", ClickTopology.Definition.Queue);
                await deadLetters.SendAsync(System.Text.Encoding.UTF8.GetBytes(entry), "not a click event", cancellationToken);
                metrics.DeadLettered(1);
            }
            return true;
        }
        catch (Exception exception) when (exception is PublishException or OperationInterruptedException or TimeoutException
            or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "RabbitMQ did not confirm a dead-lettered click event; returning its message to the queue");
            return false;
        }
    }

    private static bool IsPostgresUnavailable(Exception exception) =>
        exception is NpgsqlException { IsTransient: true } or TimeoutException;
}
