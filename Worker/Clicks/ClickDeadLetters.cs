using Messaging.Clicks;
using RabbitMQ.Client;

namespace Worker.Clicks;

// Sends one poison click event (or batch entry) to clicks.dead-letter as a single-event message of its
// own, and returns only once the broker has confirmed it: the message that carried it can then be
// acked without losing it. The Replay dead letters command sends it back like any other dead letter.
public sealed class ClickDeadLetters(IChannel confirmingChannel)
{
    public const string ReasonHeader = "x-links-dead-letter-reason";
    private static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(10);

    public async Task SendAsync(ReadOnlyMemory<byte> body, string reason, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConfirmTimeout);
        var properties = new BasicProperties
        {
            Persistent = true,
            ContentType = "application/json",
            Type = ClickBatch.SingleEventMessageType,
            Headers = new Dictionary<string, object?> { [ReasonHeader] = reason },
        };
        await confirmingChannel.BasicPublishAsync(ClickTopology.Definition.DeadLetterExchange, routingKey: "", mandatory: true, properties, body, timeout.Token);
    }
}
