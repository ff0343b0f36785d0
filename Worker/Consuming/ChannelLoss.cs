using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Worker.Consuming;

// Completes when the broker closes one of a consumer's channels (a channel error such as PRECONDITION_FAILED) or
// cancels its consumer (its queue was deleted) while the connection stays open. The client's automatic recovery
// reopens only the channels lost with their connection: these the consumer must replace itself.
public sealed class ChannelLoss(IConnection connection)
{
    private readonly TaskCompletionSource<string> lost = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Why the channel is lost, once it is.
    public Task<string> Lost => lost.Task;

    public bool IsLost => lost.Task.IsCompleted;

    public void Watch(IChannel channel) =>
        channel.ChannelShutdownAsync += (_, args) =>
        {
            if (connection.IsOpen && args.Initiator != ShutdownInitiator.Application)
            {
                lost.TrySetResult($"the broker closed the channel ({args.ReplyCode} {args.ReplyText})");
            }
            return Task.CompletedTask;
        };

    // The Worker never cancels its consumers itself (it closes the channel when it stops).
    public void Watch(AsyncEventingBasicConsumer consumer) =>
        consumer.UnregisteredAsync += (_, _) =>
        {
            lost.TrySetResult("the broker cancelled the consumer");
            return Task.CompletedTask;
        };
}
