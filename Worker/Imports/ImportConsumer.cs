using Messaging.Imports;
using Migrations;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using ReadRouting;
using Worker.Consuming;

namespace Worker.Imports;

// One import at a time per Worker (prefetch 1), acked after it has finished. A message that is not an
// import request is dead-lettered at once; an import that keeps failing is returned to the queue until
// RabbitMQ dead-letters it after its delivery limit (the Api's sweeper sends it again later). A channel the
// broker closes, or a consumer it cancels, while the connection stays open is replaced (ChannelReopening).
public sealed class ImportConsumer(IServiceProvider services, ImportRunner runner, NpgsqlDataSource primary, ILogger<ImportConsumer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await SchemaVersion.WaitUntilCurrentAsync(primary, logger, stoppingToken);
        var connection = services.GetRequiredService<IConnection>();
        await ChannelReopening.RunAsync(ImportTopology.Definition.Queue, cancellation => ConsumeAsync(connection, cancellation), logger, stoppingToken);
    }

    // Consumes on a channel of its own until the broker closes it or cancels the consumer; returns why.
    private async Task<string> ConsumeAsync(IConnection connection, CancellationToken stoppingToken)
    {
        var loss = new ChannelLoss(connection);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
        loss.Watch(channel);
        await ImportTopology.Definition.DeclareAsync(channel, stoppingToken);
        await channel.BasicQosAsync(prefetchSize: 0, prefetchCount: 1, global: false, stoppingToken);

        var consumer = new AsyncEventingBasicConsumer(channel);
        loss.Watch(consumer);
        consumer.ReceivedAsync += async (_, message) =>
        {
            if (ImportRequested.FromJson(message.Body.Span) is not { } request)
            {
                logger.LogWarning("A message on {Queue} is not an import request; dead-lettering it", ImportTopology.Definition.Queue);
                await channel.BasicRejectAsync(message.DeliveryTag, requeue: false, stoppingToken);
                return;
            }
            try
            {
                await runner.RunAsync(request.ImportId, StoredAt(message.BasicProperties), stoppingToken);
                await channel.BasicAckAsync(message.DeliveryTag, multiple: false, stoppingToken);
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(exception, "Import {ImportId} failed; returning it to the queue", request.ImportId);
                await channel.BasicNackAsync(message.DeliveryTag, multiple: false, requeue: true, stoppingToken);
            }
            catch (OperationInterruptedException exception) when (loss.IsLost || !connection.IsOpen)
            {
                // Not acked: the broker delivers it again, and the run skips the rows already done.
                logger.LogWarning(exception, "Lost the channel while settling import {ImportId}; it will be delivered again", request.ImportId);
            }
        };
        await channel.BasicConsumeAsync(ImportTopology.Definition.Queue, autoAck: false, consumer, stoppingToken);
        return await loss.Lost.WaitAsync(stoppingToken);
    }

    // The consistency token the Api sent with the request; null when missing or unreadable.
    private static ConsistencyToken? StoredAt(IReadOnlyBasicProperties properties) =>
        properties.Headers?.TryGetValue(ConsistencyToken.MessageHeaderName, out var value) == true
            && value is byte[] text && ConsistencyToken.TryParse(System.Text.Encoding.UTF8.GetString(text), out var token)
            ? token
            : null;
}
