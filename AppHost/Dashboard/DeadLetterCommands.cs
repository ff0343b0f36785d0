using Messaging;
using Messaging.Clicks;
using Messaging.Imports;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace AppHost.Dashboard;

// Dashboard commands on the broker for the messages the consumers gave up on: throw them all away, or
// send them back through their queue once whatever made them fail has been fixed.
public static class DeadLetterCommands
{
    public const string Purge = "purge-dead-letters";
    public const string Replay = "replay-dead-letters";

    private static readonly QuorumQueueTopology[] Topologies = [ClickTopology.Definition, ImportTopology.Definition];
    private static readonly TimeSpan BrokerTimeout = TimeSpan.FromSeconds(10);

    public static IResourceBuilder<IResourceWithConnectionString> WithDeadLetterCommands(this IResourceBuilder<IResourceWithConnectionString> messaging)
    {
        var queues = string.Join(" and ", Topologies.Select(topology => topology.DeadLetterQueue));
        messaging.WithCommand(Purge, "Purge dead letters", context => PurgeAsync(messaging.Resource, context.CancellationToken),
            new CommandOptions
            {
                Description = $"Deletes every message in {queues}.",
                ConfirmationMessage = $"Delete every message in {queues}? They cannot be replayed afterwards.",
                IconName = "Delete",
                UpdateState = CommandState.WhenHealthy,
            });
        messaging.WithCommand(Replay, "Replay dead letters", context => ReplayAsync(messaging.Resource, context.CancellationToken),
            new CommandOptions
            {
                Description = $"Moves the messages in {queues} back to the exchange and routing key they were published to, once each.",
                IconName = "ArrowRedo",
                UpdateState = CommandState.WhenHealthy,
            });
        return messaging;
    }

    private static async Task<ExecuteCommandResult> PurgeAsync(IResourceWithConnectionString messaging, CancellationToken cancellationToken)
    {
        var purged = new List<string>();
        try
        {
            await using var connection = await ConnectAsync(messaging, cancellationToken);
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            foreach (var topology in Topologies)
            {
                // Declared as the Api and the Worker declare it, so the command works before they ever ran.
                await topology.DeclareAsync(channel, cancellationToken);
                var count = await channel.QueuePurgeAsync(topology.DeadLetterQueue, cancellationToken);
                purged.Add($"{topology.DeadLetterQueue}: {count} purged");
            }
            return CommandResults.Success(string.Join("; ", purged));
        }
        catch (Exception exception) when (IsBrokerFailure(exception))
        {
            return CommandResults.Failure(Stopped("Purge", exception, string.Join("; ", purged)));
        }
    }

    private static async Task<ExecuteCommandResult> ReplayAsync(IResourceWithConnectionString messaging, CancellationToken cancellationToken)
    {
        var replays = Topologies.Select(topology => new DeadLetterReplay(topology)).ToList();
        string Summary() => string.Join("; ", replays.Select(replay => $"{replay.Queue}: {replay.Replayed} replayed"));
        try
        {
            await using var connection = await ConnectAsync(messaging, cancellationToken);
            await using var channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
            foreach (var (topology, replay) in Topologies.Zip(replays))
            {
                await topology.DeclareAsync(channel, cancellationToken);
                await replay.RunAsync(channel, cancellationToken);
            }
            return CommandResults.Success(Summary());
        }
        catch (Exception exception) when (IsBrokerFailure(exception))
        {
            // What was not acked yet goes back to its dead-letter queue when the connection closes.
            return CommandResults.Failure(Stopped("Replay", exception, Summary()));
        }
    }

    // Behind the orchestrator's proxy a stopped broker still accepts the connection and then never
    // answers: without a limit of its own the command would wait minutes for the client's retries.
    private static async Task<IConnection> ConnectAsync(IResourceWithConnectionString messaging, CancellationToken cancellationToken)
    {
        var connectionString = await messaging.ConnectionStringExpression.GetValueAsync(cancellationToken)
            ?? throw new InvalidOperationException($"'{messaging.Name}' has no connection string.");
        var factory = new ConnectionFactory
        {
            Uri = new Uri(connectionString),
            ClientProvidedName = "apphost-dead-letter-commands",
            AutomaticRecoveryEnabled = false, // a connection lost halfway fails the command
            RequestedConnectionTimeout = BrokerTimeout,
            HandshakeContinuationTimeout = BrokerTimeout,
            ContinuationTimeout = BrokerTimeout,
        };
        using var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connecting.CancelAfter(BrokerTimeout);
        try
        {
            return await factory.CreateConnectionAsync(connecting.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"'{messaging.Name}' did not answer within {BrokerTimeout.TotalSeconds:0} seconds.");
        }
    }

    private static bool IsBrokerFailure(Exception exception) =>
        exception is RabbitMQClientException or IOException or TimeoutException; // BrokerUnreachableException is an IOException

    private static string Stopped(string command, Exception exception, string doneSoFar) =>
        $"{command} stopped: {exception.Message}" + (doneSoFar.Length > 0 ? $" Done before it stopped: {doneSoFar}." : "");
}
