using Messaging.Imports;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using ReadRouting;

namespace Api.Imports;

// Sends "import requested" for an import already stored in Postgres, and waits for the broker's
// confirm. An import whose message was not confirmed stays marked not dispatched, and this service
// sends it again from any replica: the Worker is idempotent, so a second message changes nothing.
// The message carries the consistency token of the import's commit, so the Worker can read the file
// from the replica once the replica has it.
public sealed class ImportDispatcher(IServiceProvider services, ImportStore imports, LinksDatabase database, ILogger<ImportDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim opening = new(1, 1);
    private IChannel? channel;

    public async Task<bool> TryDispatchAsync(Guid importId, ConsistencyToken stored, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConfirmTimeout);
            var publishing = await OpenChannelAsync(timeout.Token);
            await publishing.BasicPublishAsync(
                ImportTopology.Definition.Exchange, ImportTopology.Definition.RoutingKey, mandatory: true,
                new BasicProperties
                {
                    Persistent = true,
                    ContentType = "application/json",
                    MessageId = importId.ToString(),
                    Headers = new Dictionary<string, object?> { [ConsistencyToken.MessageHeaderName] = stored.ToString() },
                },
                new ImportRequested(importId).ToJson(), timeout.Token);
            await imports.MarkDispatchedAsync(importId, cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is PublishException or AlreadyClosedException or OperationInterruptedException
            or BrokerUnreachableException or IOException or TimeoutException or OperationCanceledException)
        {
            logger.LogWarning(exception, "Import {ImportId} is stored but its message was not confirmed; it will be sent again", importId);
            channel = null;
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RetryInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                IReadOnlyList<Guid> notDispatched;
                using (UntracedPolling.Begin())
                {
                    notDispatched = await imports.NotDispatchedAsync(RetryInterval, stoppingToken);
                }
                if (notDispatched.Count > 0)
                {
                    // Now is past each one's commit.
                    var position = await database.CurrentPositionAsync(stoppingToken);
                    foreach (var importId in notDispatched)
                    {
                        await TryDispatchAsync(importId, position, stoppingToken);
                    }
                }
            }
            // A full or slow primary pool (TimeoutException) must not end the loop: that stops the api.
            catch (Exception exception) when (exception is Npgsql.NpgsqlException or TimeoutException)
            {
                logger.LogWarning(exception, "Could not look for imports to send again");
            }
        }
    }

    private async Task<IChannel> OpenChannelAsync(CancellationToken cancellationToken)
    {
        await opening.WaitAsync(cancellationToken);
        try
        {
            if (channel is { IsOpen: true })
            {
                return channel;
            }
            // The first resolution connects (with retries) and would block the request while the broker is down.
            var connection = await Task.Run(services.GetRequiredService<IConnection>, cancellationToken).WaitAsync(cancellationToken);
            var opened = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
            await ImportTopology.Definition.DeclareAsync(opened, cancellationToken);
            return channel = opened;
        }
        finally
        {
            opening.Release();
        }
    }
}
