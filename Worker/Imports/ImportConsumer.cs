using Messaging.Imports;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using ReadRouting;

namespace Worker.Imports;

// One import at a time per Worker (prefetch 1), acked after it has finished. A message that is not an
// import request is dead-lettered at once; an import that keeps failing is returned to the queue until
// RabbitMQ dead-letters it after its delivery limit.
public sealed class ImportConsumer(IServiceProvider services, ImportRunner runner, ILogger<ImportConsumer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connection = services.GetRequiredService<IConnection>();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
        await ImportTopology.Definition.DeclareAsync(channel, stoppingToken);
        await channel.BasicQosAsync(prefetchSize: 0, prefetchCount: 1, global: false, stoppingToken);

        var consumer = new AsyncEventingBasicConsumer(channel);
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
        };
        await channel.BasicConsumeAsync(ImportTopology.Definition.Queue, autoAck: false, consumer, stoppingToken);
        await Task.Delay(Timeout.Infinite, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    // The consistency token the Api sent with the request; null when missing or unreadable.
    private static ConsistencyToken? StoredAt(IReadOnlyBasicProperties properties) =>
        properties.Headers?.TryGetValue(ConsistencyToken.MessageHeaderName, out var value) == true
            && value is byte[] text && ConsistencyToken.TryParse(System.Text.Encoding.UTF8.GetString(text), out var token)
            ? token
            : null;
}
